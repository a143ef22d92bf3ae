using System.CommandLine;

namespace JointDislocation.ML.Cli.Commands;

/// <summary><c>jdml phantoms</c>: generates synthetic radiographs and their manifest.</summary>
internal static class PhantomsCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var output = CommonOptions.Out("Folder to write DIR/<joint>/<label>/*.png and DIR/manifest.csv into.");
        var joints = CommonOptions.Joints("Comma-separated joints: shoulder,elbow,hip,tha (default all four).");
        var perClass = new Option<int>("--per-class") { Description = "Images per label and joint.", DefaultValueFactory = _ => 50 };
        var style = new Option<string>("--style") { Description = "internet (teaching-file look) or hospital (full field, raw exposure).", DefaultValueFactory = _ => "internet" };
        style.AcceptOnlyFromAmong("internet", "hospital");
        var difficulty = new Option<double>("--difficulty") { Description = "0 = gross dislocations … 1 = subtle subluxations.", DefaultValueFactory = _ => 0.3 };
        var seed = CommonOptions.Seed();

        var command = new Command("phantoms", "Generate synthetic radiographs (located and dislocated) with a manifest.")
        {
            output, joints, perClass, style, difficulty, seed,
        };
        command.SetAction((_, _) => Task.FromResult(NotBuiltYet.Report(environment, "phantoms")));
        return command;
    }
}
