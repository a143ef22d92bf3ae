using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace JointDislocation.ML.ScoringService.Tests;

/// <summary>The service in-process over a given model, with the settings a deployment would put in its configuration.</summary>
internal sealed class ScoringServiceFactory(string modelPath, long? maxUploadBytes = null) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Scoring:ModelPath", modelPath);
        if (maxUploadBytes is { } limit)
        {
            builder.UseSetting("Scoring:MaxUploadBytes", limit.ToString(CultureInfo.InvariantCulture));
        }
    }
}
