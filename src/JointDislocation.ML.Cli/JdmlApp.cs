using System.CommandLine;
using JointDislocation.ML.Cli.Commands;

namespace JointDislocation.ML.Cli;

/// <summary>Builds the <c>jdml</c> command tree and maps outcomes to the exit codes of the contract.</summary>
internal static class JdmlApp
{
    public static RootCommand BuildRoot(CliEnvironment environment)
    {
        var root = new RootCommand(
            "jdml — train, validate and explain per-joint radiograph classifiers for joint dislocation.");
        root.Subcommands.Add(PhantomsCommand.Create(environment));
        root.Subcommands.Add(TrainCommand.Create(environment));
        root.Subcommands.Add(EvaluateCommand.Create(environment));
        root.Subcommands.Add(ScoreCommand.Create(environment));
        root.Subcommands.Add(MergeCommand.Create(environment));
        root.Subcommands.Add(PredictCommand.Create(environment));
        root.Subcommands.Add(ExportCommand.Create(environment));
        root.Subcommands.Add(ExplainCommand.Create(environment));
        root.Subcommands.Add(RocCommand.Create(environment));
        root.Subcommands.Add(ReproduceCommand.Create(environment));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancellationToken = default)
    {
        var root = BuildRoot(environment);
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                await environment.Error.WriteLineAsync($"jdml: {error.Message}");
            }

            await environment.Error.WriteLineAsync("Run 'jdml --help' for usage.");
            return ExitCodes.InvalidInput;
        }

        var configuration = new InvocationConfiguration
        {
            Output = environment.Out,
            Error = environment.Error,
            EnableDefaultExceptionHandler = false,
        };
        try
        {
            return await parseResult.InvokeAsync(configuration, cancellationToken);
        }
        catch (UsageException exception)
        {
            await environment.Error.WriteLineAsync($"jdml: {exception.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (InvalidInputException exception)
        {
            await environment.Error.WriteLineAsync($"jdml: {exception.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (NotSupportedException exception)
        {
            // Something asked for that this build cannot do, such as a fine-tuning scope the plugin lacks.
            await environment.Error.WriteLineAsync($"jdml: {exception.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (OperationCanceledException)
        {
            await environment.Error.WriteLineAsync("jdml: cancelled; nothing half-written was left behind.");
            return ExitCodes.Failure;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            await environment.Error.WriteLineAsync($"jdml: {exception.Message}");
            return ExitCodes.Failure;
        }
        catch (Exception exception)
        {
            // The contract: one line on stderr and exit code 1, not a runtime crash with a stack trace. The trace is
            // still there for a bug report when JDML_DEBUG is set.
            await environment.Error.WriteLineAsync($"jdml: unexpected error ({exception.GetType().Name}): {exception.Message} Set JDML_DEBUG=1 to print the stack trace.");
            if (!string.IsNullOrEmpty(environment.Variable("JDML_DEBUG")))
            {
                await environment.Error.WriteLineAsync(exception.ToString());
            }

            return ExitCodes.Failure;
        }
    }
}
