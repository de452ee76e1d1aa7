using Fracture.Core;
using Spectre.Console;

namespace Fracture.Cli;

/// <summary>Runs work under a Spectre progress bar fed by (stage, done, total) reports from the core library.</summary>
internal static class ProgressReporter
{
    public static T Run<T>(string title, Func<IProgress<WorkProgress>, T> work) => Run(AnsiConsole.Console, title, work);

    /// <summary>As <see cref="Run{T}(string, Func{IProgress{WorkProgress}, T})"/>, drawing on <paramref name="console"/> (e.g. one on stderr).</summary>
    public static T Run<T>(IAnsiConsole console, string title, Func<IProgress<WorkProgress>, T> work)
    {
        T result = default!;
        console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                var gate = new object();
                var progress = new Progress(report =>
                {
                    lock (gate)
                    {
                        if (!tasks.TryGetValue(report.Stage, out var task))
                        {
                            task = context.AddTask($"{title}: {report.Stage}", maxValue: Math.Max(1, report.Total));
                            tasks[report.Stage] = task;
                        }

                        task.Value = report.Done;
                    }
                });
                result = work(progress);
                foreach (var task in tasks.Values)
                {
                    task.Value = task.MaxValue;
                }
            });
        return result;
    }

    // Synchronous IProgress: System.Progress<T> posts to the thread pool and can report after the bar is gone.
    private sealed class Progress(Action<WorkProgress> report) : IProgress<WorkProgress>
    {
        public void Report(WorkProgress value) => report(value);
    }
}
