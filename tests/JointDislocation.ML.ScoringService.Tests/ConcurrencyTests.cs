using System.Net;

namespace JointDislocation.ML.ScoringService.Tests;

/// <summary>A burst of concurrent requests on the one shared model answers exactly what requests one at a time answer.</summary>
public class ConcurrencyTests
{
    [Test]
    public async Task Fifty_concurrent_requests_answer_what_sequential_requests_answer()
    {
        // No queue in front of the model: all 50 requests decode and score at once, so a race could not hide behind it.
        using var factory = new ScoringServiceFactory(TrainedModel.ModelPath, ("MaxConcurrentScoring", "50"));
        using var client = factory.CreateClient();
        var images = await Task.WhenAll(TrainedModel.Images.Select(path => File.ReadAllBytesAsync(path)));

        var sequential = new List<string>();
        foreach (var image in images)
        {
            sequential.Add(await PostAsync(client, image));
        }

        var burst = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() => PostAsync(client, images[i % images.Length]))));

        Assert.That(sequential.Distinct().Count(), Is.GreaterThan(1), "different images get different answers");
        for (var i = 0; i < burst.Length; i++)
        {
            Assert.That(burst[i], Is.EqualTo(sequential[i % images.Length]), $"request {i}");
        }
    }

    private static async Task<string> PostAsync(HttpClient client, byte[] image)
    {
        using var content = Uploads.Image(image);
        using var response = await client.PostAsync(new Uri("/v1/predict", UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        return body;
    }
}
