using System.Text.Json;
using JointDislocation.ML.Training;

namespace JointDislocation.ML.Tests;

/// <summary>The one JSON convention: camelCase, a number that is not finite is null, old "NaN" strings still read.</summary>
public class JsonConventionsTests
{
    private sealed record Probe(double CvAuroc, double Threshold, float Bias, IReadOnlyList<float> Mean);

    [Test]
    public void Bundle_manifests_write_non_finite_numbers_as_null_and_read_them_back_as_nan()
    {
        // The bundle used to write NaN as the string "NaN", unlike every other file the library writes.
        var text = JsonSerializer.Serialize(new Probe(double.NaN, double.PositiveInfinity, float.NaN, [1.5f, float.NaN]), ModelBundleJson.Options);

        Assert.That(text, Does.Contain("\"cvAuroc\": null").And.Contain("\"threshold\": null").And.Contain("\"bias\": null").And.Not.Contain("NaN"));
        var back = JsonSerializer.Deserialize<Probe>(text, ModelBundleJson.Options)!;
        Assert.That((back.CvAuroc, back.Threshold, back.Bias), Is.EqualTo((double.NaN, double.NaN, float.NaN)));
        Assert.That(back.Mean, Is.EqualTo(new[] { 1.5f, float.NaN }));
    }

    [Test]
    public void Bundles_written_with_nan_strings_still_read()
    {
        const string old = """{"cvAuroc": "NaN", "threshold": "-Infinity", "bias": "Infinity", "mean": [0.25, "NaN"]}""";

        var probe = JsonSerializer.Deserialize<Probe>(old, ModelBundleJson.Options)!;

        Assert.That((probe.CvAuroc, probe.Threshold, probe.Bias), Is.EqualTo((double.NaN, double.NegativeInfinity, float.PositiveInfinity)));
        Assert.That(probe.Mean, Is.EqualTo(new[] { 0.25f, float.NaN }));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Probe>("""{"cvAuroc": "high"}""", ModelBundleJson.Options));
    }

    [Test]
    public void Writers_follow_the_same_rule()
    {
        var text = JsonConventions.Write(json =>
        {
            json.WriteStartObject();
            JsonConventions.WriteNumber(json, "a", double.NaN);
            JsonConventions.WriteNumber(json, "b", 0.1);
            json.WriteStartArray("c");
            JsonConventions.WriteNumberValue(json, double.NegativeInfinity);
            json.WriteEndArray();
            json.WriteString("d", "é+<>");
            json.WriteEndObject();
        });

        Assert.That(text, Is.EqualTo("""{"a":null,"b":0.1,"c":[null],"d":"é+<>"}"""));
        Assert.That(JsonSerializer.Serialize(new { MaxDistance = 8, Kind = DayOfWeek.Monday }, JsonConventions.Options), Is.EqualTo("""{"maxDistance":8,"kind":"monday"}"""));
    }
}
