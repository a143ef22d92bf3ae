using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace JointDislocation.ML.ScoringService.Tests;

/// <summary>
/// The service in-process over a given model, with settings of the <c>Scoring</c> section as a deployment would put
/// them in its configuration (for example <c>("MaxUploadBytes", "10000")</c>).
/// </summary>
internal sealed class ScoringServiceFactory(string modelPath, params (string Key, string Value)[] settings) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Scoring:ModelPath", modelPath);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting($"Scoring:{key}", value);
        }
    }
}
