using Spectre.Console;

namespace JointDislocation.ML.Cli;

/// <summary>
/// Progress bars on a terminal (drawn on stderr, so stdout stays clean for JSON), nothing when output is redirected.
/// Work reports (stage, completed, total); each stage gets a bar of its own.
/// </summary>
internal static class CliProgress
{
    public static async Task<T> RunAsync<T>(CliEnvironment environment, Func<IProgress<(string Stage, int Completed, int Total)>?, Task<T>> work)
    {
        if (!environment.IsInteractive)
        {
            return await work(null);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var bars = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                var progress = new ForwardingProgress<(string Stage, int Completed, int Total)>(update =>
                {
                    lock (bars)
                    {
                        if (!bars.TryGetValue(update.Stage, out var bar))
                        {
                            bars[update.Stage] = bar = context.AddTask(Markup.Escape(update.Stage), maxValue: Math.Max(1, update.Total));
                        }

                        bar.MaxValue = Math.Max(1, update.Total);
                        bar.Value = update.Completed;
                    }
                });
                var result = await work(progress);
                foreach (var bar in bars.Values)
                {
                    bar.Value = bar.MaxValue;
                }

                return result;
            });
    }
}
