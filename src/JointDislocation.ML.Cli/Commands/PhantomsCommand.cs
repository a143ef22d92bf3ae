using System.CommandLine;
using System.Text.Json;
using JointDislocation.ML.Phantoms;
using Spectre.Console;

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
        command.SetAction(async (parse, cancellationToken) =>
        {
            var count = parse.GetValue(perClass);
            if (count < 1)
            {
                throw new UsageException($"--per-class must be at least 1, got {count}.");
            }

            var level = parse.GetValue(difficulty);
            if (double.IsNaN(level) || level < 0 || level > 1)
            {
                throw new UsageException($"--difficulty must lie in [0, 1], got {level.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
            }

            var options = new PhantomSetOptions
            {
                OutputDirectory = parse.GetValue(output)!,
                Joints = ParseJoints(parse.GetValue(joints)),
                PerClass = count,
                Style = PhantomLabels.TryParseStyle(parse.GetValue(style), out var s) ? s : throw new UsageException("--style must be internet or hospital."),
                Difficulty = level,
                Seed = parse.GetValue(seed),
            };
            return await RunAsync(environment, options, cancellationToken);
        });
        return command;
    }

    private static IReadOnlyList<Joint> ParseJoints(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return JointNames.All;
        }

        var joints = new List<Joint>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!JointNames.TryParse(part, out var joint))
            {
                throw new UsageException($"--joints: unknown joint '{part}'. Known joints: shoulder, elbow, hip, tha.");
            }

            if (!joints.Contains(joint.Value))
            {
                joints.Add(joint.Value);
            }
        }

        return joints.Count > 0 ? joints : throw new UsageException("--joints names no joint. Known joints: shoulder, elbow, hip, tha.");
    }

    private static async Task<int> RunAsync(CliEnvironment environment, PhantomSetOptions options, CancellationToken cancellationToken)
    {
        PhantomSetResult result;
        if (environment.IsInteractive)
        {
            result = await AnsiConsole.Progress()
                .AutoClear(true)
                .StartAsync(async context =>
                {
                    var task = context.AddTask("phantoms", maxValue: options.Joints.Count * options.PerClass * 2);
                    var progress = new Progress<PhantomProgress>(p => task.Value = Math.Max(task.Value, p.Completed));
                    return await PhantomSetWriter.WriteAsync(options, progress, cancellationToken);
                });
        }
        else
        {
            result = await PhantomSetWriter.WriteAsync(options, null, cancellationToken);
        }

        var summary = new
        {
            manifest = result.ManifestPath,
            images = result.Entries.Count,
            style = options.Style.ToName(),
            difficulty = options.Difficulty,
            seed = options.Seed,
            joints = options.Joints.ToDictionary(
                j => j.ToName(),
                j => new
                {
                    located = result.Entries.Count(e => e.Joint == j && e.Label == PhantomLabels.Located),
                    dislocated = result.Entries.Count(e => e.Joint == j && e.Label == PhantomLabels.Dislocated),
                }),
        };
        await environment.Out.WriteLineAsync(JsonSerializer.Serialize(summary, JsonConventions.Options));
        return ExitCodes.Success;
    }
}
