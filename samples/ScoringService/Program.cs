// A scoring service over one trained model (model.jdml): POST /v1/predict with a multipart image answers
// {probability, label, threshold, model}; GET /healthz says it is up and which model it serves. The model is loaded
// once, at startup, and shared by every request: DislocationModel is thread-safe.
//
//   dotnet run --project samples/ScoringService -c Release -- --Scoring:ModelPath runs/train-hip/model.jdml
//   curl -F image=@hip.png http://localhost:5000/v1/predict
using System.Security.Cryptography;
using JointDislocation.ML;
using JointDislocation.ML.Data;
using JointDislocation.ML.Training;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddOptions<ScoringOptions>()
    .BindConfiguration(ScoringOptions.Section)
    .Validate(o => !string.IsNullOrWhiteSpace(o.ModelPath), "Scoring:ModelPath must name a model.jdml.")
    .Validate(o => o.MaxUploadBytes > 0, "Scoring:MaxUploadBytes must be positive.")
    .Validate(o => o.MaxImagePixels is > 0 and <= int.MaxValue / 4, "Scoring:MaxImagePixels must lie in 1…536870911.")
    .Validate(o => o.MaxConcurrentScoring >= 0, "Scoring:MaxConcurrentScoring must be 0 (one per processor) or more.")
    .ValidateOnStart();
builder.Services.AddSingleton<ScoringModel>();
builder.Services.AddProblemDetails();

// Bodies above the upload limit (plus room for the multipart envelope) are refused while they are read, before the
// whole of them is buffered: by Kestrel for the request, by the form reader for the file's section.
builder.Services.AddOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>().Configure<IOptions<ScoringOptions>>((kestrel, scoring) => kestrel.Limits.MaxRequestBodySize = scoring.Value.MaxRequestBytes);
builder.Services.AddOptions<FormOptions>().Configure<IOptions<ScoringOptions>>((form, scoring) => form.MultipartBodyLengthLimit = scoring.Value.MaxRequestBytes);

var app = builder.Build();

// Loaded now, once: a missing or damaged model stops the service at startup instead of failing its first request.
var scoring = app.Services.GetRequiredService<ScoringModel>();
app.Logger.LogInformation("Serving model {Id} ({Path})", scoring.Identity.Id, scoring.Path);

app.MapGet("/healthz", (ScoringModel model) => Results.Ok(new { status = "ok", model = model.Identity }));
app.MapPost("/v1/predict", PredictAsync);
app.Run();

static async Task<IResult> PredictAsync(HttpRequest request, ScoringModel model, CancellationToken cancellationToken)
{
    var limit = model.Options.MaxUploadBytes;
    if (!request.HasFormContentType)
    {
        return Problem(StatusCodes.Status415UnsupportedMediaType, "Not a form upload", "send multipart/form-data with the image in a field named 'image'.");
    }

    if (request.ContentLength > model.Options.MaxRequestBytes)
    {
        return TooLarge($"the request is {request.ContentLength} bytes; images up to {limit} bytes are accepted.");
    }

    IFormCollection form;
    try
    {
        form = await request.ReadFormAsync(cancellationToken);
    }
    catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
    {
        return TooLarge($"the request is larger than the limit; images up to {limit} bytes are accepted.");
    }
    catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
    {
        return Problem(StatusCodes.Status400BadRequest, "Unreadable upload", $"the multipart body could not be read: {e.Message}");
    }

    var file = form.Files.GetFile("image") ?? (form.Files.Count == 1 ? form.Files[0] : null);
    if (file is null)
    {
        return Problem(StatusCodes.Status400BadRequest, "No image", "send the image as a file in a multipart field named 'image'.");
    }

    if (file.Length > limit)
    {
        return TooLarge($"the image is {file.Length} bytes; images up to {limit} bytes are accepted.");
    }

    var bytes = new byte[file.Length];
    await using (var stream = file.OpenReadStream())
    {
        await stream.ReadExactlyAsync(bytes, cancellationToken);
    }

    var (prediction, reason) = await model.ScoreAsync(bytes, cancellationToken);
    return prediction is null
        ? Problem(StatusCodes.Status400BadRequest, "Not a readable image", reason)
        : Results.Ok(new PredictionResponse(prediction.Probability, prediction.Label, prediction.Threshold, model.Identity));

    static IResult TooLarge(string detail) => Problem(StatusCodes.Status413PayloadTooLarge, "Upload too large", detail);
    static IResult Problem(int status, string title, string? detail) => Results.Problem(detail, statusCode: status, title: title);
}

/// <summary>Settings, from the <c>Scoring</c> section (appsettings.json, <c>Scoring__ModelPath</c>, <c>--Scoring:ModelPath</c>).</summary>
internal sealed class ScoringOptions
{
    public const string Section = "Scoring";

    /// <summary>The model bundle; a relative path is taken from the working directory.</summary>
    public string ModelPath { get; set; } = "model.jdml";

    /// <summary>The largest image file accepted: 16 MiB.</summary>
    public long MaxUploadBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>The largest width × height an image may declare: 25 megapixels (a 5000 × 5000 detector).</summary>
    public long MaxImagePixels { get; set; } = 25_000_000;

    /// <summary>Requests decoded and scored at once (others wait their turn); 0 means one per processor.</summary>
    public int MaxConcurrentScoring { get; set; }

    /// <summary>The upload limit plus 64 KiB for the multipart envelope and form fields.</summary>
    public long MaxRequestBytes => MaxUploadBytes + (64 * 1024);
}

/// <summary>The body of a successful <c>POST /v1/predict</c>.</summary>
internal sealed record PredictionResponse(double Probability, string Label, double Threshold, ModelIdentity Model);

/// <summary>What identifies the model that answered: enough to find the exact bundle and how it was trained.</summary>
/// <param name="Id"><c>joint-head-</c> and the first 12 hex digits of <paramref name="Sha256"/>, for logs and dashboards.</param>
/// <param name="Sha256">SHA-256 of the model.jdml file (the same training gives the same bytes).</param>
internal sealed record ModelIdentity(
    string Id,
    string? Joint,
    string Head,
    string Augmentation,
    string PositiveLabel,
    string Backbone,
    string BackboneSha256,
    int FormatVersion,
    string LibraryVersion,
    string Sha256);

/// <summary>The one model of the service, loaded at startup and shared by all requests.</summary>
internal sealed class ScoringModel : IDisposable
{
    private readonly DislocationModel _model;
    private readonly ImageDecodingOptions _decoding;
    private readonly SemaphoreSlim _gate;

    public ScoringModel(IOptions<ScoringOptions> options)
    {
        Options = options.Value;
        Path = System.IO.Path.GetFullPath(Options.ModelPath);
        _model = DislocationModel.Load(Path);
        var manifest = _model.Manifest;
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path)));
        var joint = manifest.Joint?.ToName();
        var head = manifest.Head.ToName();
        Identity = new ModelIdentity(
            $"{joint ?? "model"}-{head}-{sha256[..12]}", joint, head, manifest.Augmentation, manifest.PositiveLabel,
            manifest.Backbone.Name, manifest.Backbone.Sha256, manifest.FormatVersion, manifest.LibraryVersion, sha256);

        // The library's safe decoder, with this service's limits: the size is checked again, and a header that
        // declares too many pixels is refused before any pixel buffer exists.
        _decoding = new ImageDecodingOptions { MaxFileBytes = Options.MaxUploadBytes, MaxPixels = Options.MaxImagePixels };
        _gate = new SemaphoreSlim(Options.MaxConcurrentScoring > 0 ? Options.MaxConcurrentScoring : Environment.ProcessorCount);
    }

    public ScoringOptions Options { get; }

    public string Path { get; }

    public ModelIdentity Identity { get; }

    /// <summary>Decodes and scores one image, or says why the bytes are not an image it can read.</summary>
    public async Task<(Prediction? Prediction, string? Reason)> ScoreAsync(byte[] encoded, CancellationToken cancellationToken)
    {
        // Decoding is where a request's memory goes (4 bytes per pixel), so it waits for a slot as scoring does.
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!RadiographDecoder.TryDecode(encoded, _decoding, out var image, out var reason))
            {
                return (null, reason);
            }

            var predictions = await _model.PredictAsync([image], cancellationToken: cancellationToken);
            return (predictions[0], null);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
