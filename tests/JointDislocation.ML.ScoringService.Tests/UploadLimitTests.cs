using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace JointDislocation.ML.ScoringService.Tests;

/// <summary>A configured upload limit (Scoring:MaxUploadBytes), checked on the file itself when the request's envelope passes.</summary>
public class UploadLimitTests
{
    [Test]
    public async Task A_file_above_a_configured_limit_gets_413_and_one_at_the_limit_is_read()
    {
        using var factory = new ScoringServiceFactory(TrainedModel.ModelPath, ("MaxUploadBytes", "10000"));
        using var client = factory.CreateClient();

        using var above = Uploads.Image(new byte[10_001]);
        using var aboveResponse = await client.PostAsync(new Uri("/v1/predict", UriKind.Relative), above);
        using var at = Uploads.Image(new byte[10_000]);
        using var atResponse = await client.PostAsync(new Uri("/v1/predict", UriKind.Relative), at);

        Assert.That(aboveResponse.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That((await aboveResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(),
            Is.EqualTo("the image is 10001 bytes; images up to 10000 bytes are accepted."));

        // At the limit the bytes reach the decoder, which refuses zeros as an image.
        Assert.That(atResponse.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await atResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString(), Is.EqualTo("Not a readable image"));
    }
}
