using System.CommandLine;

namespace JointDislocation.ML.Cli.Commands;

/// <summary><c>jdml reproduce</c>: the study's whole protocol on phantoms.</summary>
internal static class ReproduceCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var output = CommonOptions.Out("Folder to write results.json, report.md, report.html and figures into.");
        var joints = CommonOptions.Joints("Comma-separated joints: shoulder,elbow,hip,tha (default all four).");
        var seed = CommonOptions.Seed();
        var quick = new Option<bool>("--quick") { Description = "A small grid for a first look (under 2 minutes)." };

        var command = new Command("reproduce", "Run the study's protocol on phantom data and write a report.")
        {
            output, joints, seed, quick,
        };
        command.SetAction((_, _) => Task.FromResult(NotBuiltYet.Report(environment, "reproduce")));
        return command;
    }
}
