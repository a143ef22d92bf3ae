using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using JointDislocation.ML.Data;
using JointDislocation.ML.Training;

namespace JointDislocation.ML.ScoringService.Tests;

/// <summary><c>POST /v1/predict</c> and <c>GET /healthz</c> over the fixture's model, as a client sees them.</summary>
public class PredictEndpointTests
{
    private ScoringServiceFactory _factory = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _factory = new ScoringServiceFactory(TrainedModel.ModelPath);
        _client = _factory.CreateClient();
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    [Test]
    public async Task Health_names_the_model_it_serves()
    {
        using var response = await _client.GetAsync(new Uri("/healthz", UriKind.Relative));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("ok"));
        var model = body.GetProperty("model");
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(TrainedModel.ModelPath)));
        Assert.Multiple(() =>
        {
            Assert.That(model.GetProperty("id").GetString(), Is.EqualTo($"hip-logreg-{sha256[..12]}"));
            Assert.That(model.GetProperty("joint").GetString(), Is.EqualTo("hip"));
            Assert.That(model.GetProperty("head").GetString(), Is.EqualTo("logreg"));
            Assert.That(model.GetProperty("augmentation").GetString(), Is.EqualTo("none"));
            Assert.That(model.GetProperty("positiveLabel").GetString(), Is.EqualTo("dislocated"));
            Assert.That(model.GetProperty("backbone").GetString(), Is.EqualTo("resnet18"));
            Assert.That(model.GetProperty("backboneSha256").GetString(), Has.Length.EqualTo(64));
            Assert.That(model.GetProperty("formatVersion").GetInt32(), Is.EqualTo(ModelManifest.CurrentFormatVersion));
            Assert.That(model.GetProperty("libraryVersion").GetString(), Is.Not.Empty);
            Assert.That(model.GetProperty("sha256").GetString(), Is.EqualTo(sha256));
        });
    }

    [Test]
    public async Task Predict_answers_what_the_library_answers_for_the_same_file()
    {
        var path = TrainedModel.Images[0];
        var expected = DislocationModel.Load(TrainedModel.ModelPath).Predict(RadiographDecoder.Decode(path));

        using var content = Uploads.Image(await File.ReadAllBytesAsync(path));
        using var response = await _client.PostAsync(new Uri("/v1/predict", UriKind.Relative), content);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("probability").GetDouble(), Is.EqualTo(expected.Probability));
            Assert.That(body.GetProperty("label").GetString(), Is.EqualTo(expected.Label));
            Assert.That(body.GetProperty("threshold").GetDouble(), Is.EqualTo(expected.Threshold));
            Assert.That(body.GetProperty("model").GetProperty("id").GetString(), Does.StartWith("hip-logreg-"));
        });
    }

    [Test]
    public async Task A_file_in_another_field_is_taken_when_it_is_the_only_one()
    {
        using var content = Uploads.Image(await File.ReadAllBytesAsync(TrainedModel.Images[1]), field: "file");
        using var response = await _client.PostAsync(new Uri("/v1/predict", UriKind.Relative), content);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase(HostileFile.RandomBytes)]
    [TestCase(HostileFile.Empty)]
    [TestCase(HostileFile.Html)]
    [TestCase(HostileFile.TruncatedPng)]
    [TestCase(HostileFile.PngDeclaring100000Squared)]
    public async Task A_file_that_is_not_an_image_gets_400_with_the_reason(HostileFile kind)
    {
        using var content = Uploads.Image(Uploads.Hostile(kind), fileName: "radiograph.png");
        using var response = await _client.PostAsync(new Uri("/v1/predict", UriKind.Relative), content);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), problem.ToString());
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("Not a readable image"));
        Assert.That(problem.GetProperty("detail").GetString(), Is.Not.Empty);
        if (kind == HostileFile.PngDeclaring100000Squared)
        {
            Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("100000"));
        }

        // The service is still there for the next client.
        using var health = await _client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_form_without_a_file_gets_400_and_a_body_that_is_not_a_form_gets_415()
    {
        using var noFile = new MultipartFormDataContent { { new StringContent("hello"), "note" } };
        using var noFileResponse = await _client.PostAsync(new Uri("/v1/predict", UriKind.Relative), noFile);
        using var raw = new ByteArrayContent(await File.ReadAllBytesAsync(TrainedModel.Images[0]));
        raw.Headers.ContentType = new("image/png");
        using var rawResponse = await _client.PostAsync(new Uri("/v1/predict", UriKind.Relative), raw);

        Assert.That(noFileResponse.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await noFileResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), Does.Contain("'image'"));
        Assert.That(rawResponse.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        Assert.That((await rawResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), Does.Contain("multipart/form-data"));
    }

    [Test]
    public async Task An_upload_above_the_default_limit_of_16_MiB_gets_413_with_the_limit()
    {
        using var content = Uploads.Image(new byte[(16 * 1024 * 1024) + 1]);
        using var response = await _client.PostAsync(new Uri("/v1/predict", UriKind.Relative), content);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("16777216 bytes are accepted"));
    }
}
