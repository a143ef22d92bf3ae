namespace JointDislocation.ML.ScoringService.Tests;

/// <summary>The model is loaded once, at startup: a service without a usable model does not start.</summary>
public class StartupTests
{
    [Test]
    public void A_missing_model_stops_the_service_at_startup_naming_the_file()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"jdml-no-model-{Guid.NewGuid():N}", "model.jdml");
        using var factory = new ScoringServiceFactory(missing);

        var exception = Assert.Catch(() => factory.CreateClient());

        Assert.That(Messages(exception), Does.Contain(missing).And.Contain("model bundle not found"));
    }

    [Test]
    public void A_file_that_is_not_a_model_stops_the_service_at_startup()
    {
        var notAModel = TrainedModel.Images[0];
        using var factory = new ScoringServiceFactory(notAModel);

        var exception = Assert.Catch(() => factory.CreateClient());

        Assert.That(Messages(exception), Does.Contain(notAModel).And.Contain("not a readable model bundle"));
    }

    [Test]
    public void Invalid_settings_stop_the_service_at_startup_naming_the_setting()
    {
        using var factory = new ScoringServiceFactory(TrainedModel.ModelPath, ("MaxUploadBytes", "0"), ("MaxConcurrentScoring", "-1"));

        var exception = Assert.Catch(() => factory.CreateClient());

        Assert.That(Messages(exception), Does.Contain("Scoring:MaxUploadBytes must be positive.").And.Contain("Scoring:MaxConcurrentScoring must be 0"));
    }

    [Test]
    public void The_runtime_configuration_compacts_the_large_object_heap()
    {
        // The service's own runtimeconfig.json, which the SDK copies next to this test's assembly: what `dotnet
        // ScoringService.dll` starts with.
        var path = Path.Combine(AppContext.BaseDirectory, "ScoringService.runtimeconfig.json");
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        var properties = json.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.That(properties.TryGetProperty("System.GC.ConserveMemory", out var conserve), Is.True, $"{path} has no System.GC.ConserveMemory");
        Assert.That(conserve.GetInt32(), Is.InRange(1, 9));
    }

    private static string Messages(Exception? exception)
    {
        var messages = new List<string>();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
        }

        return string.Join(" | ", messages);
    }
}
