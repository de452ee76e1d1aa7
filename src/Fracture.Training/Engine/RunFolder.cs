using System.Globalization;
using Fracture.Core;
using Fracture.Core.IO;

namespace Fracture.Training.Engine;

/// <summary>
/// The folder of one run, runs/&lt;task&gt;/&lt;name&gt;: options.json, results.csv, train.log, plots and
/// weights/last.ckpt and best.ckpt. A new run never overwrites an old one: "train" becomes "train2", "train3", ...
/// </summary>
public sealed class RunFolder
{
    private FileStream? _held;

    private RunFolder(string path) => Path = path;

    public string Path { get; }

    public string Weights => System.IO.Path.Combine(Path, "weights");

    public string LastCheckpoint => System.IO.Path.Combine(Weights, "last.ckpt");

    public string BestCheckpoint => System.IO.Path.Combine(Weights, "best.ckpt");

    public string OptionsFile => System.IO.Path.Combine(Path, "options.json");

    public string ResultsFile => System.IO.Path.Combine(Path, "results.csv");

    public string LogFile => System.IO.Path.Combine(Path, "train.log");

    /// <summary>The best epoch's validation report (the `val --json` file), written with its plots.</summary>
    public const string BestValidationName = "best-val.json";

    public string BestValidationFile => System.IO.Path.Combine(Path, BestValidationName);

    /// <summary>A segmenter's predicted outlines on sample validation images (PNG).</summary>
    public string Overlays => System.IO.Path.Combine(Path, "overlays");

    /// <summary>Held (an exclusive lock on the open file) by the process training this run, for as long as it trains.</summary>
    public string LockFile => System.IO.Path.Combine(Path, "train.lock");

    /// <summary>
    /// Takes the run for this process: a second `--resume` of a run still training elsewhere would have two processes
    /// rewrite its checkpoints and results, each with its own early-stopping state. The lock goes with the process
    /// (the kernel drops it on exit, killed or not), so a stale file never blocks a resume.
    /// </summary>
    /// <exception cref="FractureException">Another process holds the run.</exception>
    public IDisposable Lock()
    {
        try
        {
            var held = new FileStream(LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            _held = held;
            RemoveStrayTempFiles();
            return held;
        }
        catch (IOException ex) when (File.Exists(LockFile))
        {
            throw new FractureException($"{Path} is being trained by another process (it holds {LockFile}); wait for it to end or stop it first", ex);
        }
    }

    /// <summary>
    /// Deletes the temp files of writes that never finished (a checkpoint is 45-90 MB; kill -9 mid-write leaves its
    /// temp file for good). Only the holder of the lock writes in the run, so none of them is in use.
    /// </summary>
    private void RemoveStrayTempFiles()
    {
        foreach (var folder in new[] { Path, Weights, Overlays }.Where(Directory.Exists))
        {
            var temps = Directory.EnumerateFiles(folder, ".*.tmp").Where(AtomicFile.IsTempFile)
                .Concat(Directory.EnumerateFiles(folder, "*" + RunPlots.TempSuffix));
            foreach (var temp in temps.ToList())
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>Whether this process holds the run (<see cref="Lock"/> taken and not yet released).</summary>
    public bool IsLocked => _held is { CanRead: true };

    /// <summary>
    /// Refuses a run name that is a path: the run would land outside &lt;project&gt;/&lt;task&gt;, where `--resume`,
    /// `val` and the docs look for it (`--name ../../x` wrote to ./x).
    /// </summary>
    public static void CheckName(string task, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || name is "." or ".." || name.Contains('/', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal))
        {
            throw new Core.FractureException($"--name '{name}' must be a folder name, not a path: the run goes to <project>/{task}/<name> (--project chooses the folder)");
        }
    }

    public static RunFolder CreateNew(string project, string task, string name)
    {
        CheckName(task, name);
        var parent = System.IO.Path.GetFullPath(System.IO.Path.Combine(project, task));
        Directory.CreateDirectory(parent);
        for (var i = 1; ; i++)
        {
            var candidate = System.IO.Path.Combine(parent, i == 1 ? name : name + i.ToString(CultureInfo.InvariantCulture));
            if (Directory.Exists(candidate))
            {
                continue;
            }

            // CreateDirectory succeeds on an existing folder, so two runs started at once with the same name could
            // both take it; creating options.json exclusively (the trainer then rewrites it) lets only one win.
            Directory.CreateDirectory(candidate);
            var options = System.IO.Path.Combine(candidate, "options.json");
            try
            {
                new FileStream(options, FileMode.CreateNew, FileAccess.Write).Dispose();
            }
            catch (IOException) when (File.Exists(options))
            {
                continue;
            }

            Directory.CreateDirectory(System.IO.Path.Combine(candidate, "weights"));
            return new RunFolder(candidate);
        }
    }

    /// <summary>An existing run to resume or read; accepts the run folder or a checkpoint inside it.</summary>
    public static RunFolder Open(string pathOrCheckpoint)
    {
        var full = System.IO.Path.GetFullPath(pathOrCheckpoint);
        if (NamesCheckpoint(full))
        {
            full = System.IO.Path.GetDirectoryName(System.IO.Path.GetDirectoryName(full)!)!;
        }

        if (!Directory.Exists(System.IO.Path.Combine(full, "weights")))
        {
            throw new CheckpointException($"{pathOrCheckpoint} is not a run folder (no weights/ inside)");
        }

        return new RunFolder(full);
    }

    /// <summary>The checkpoint a resume reads: the one named, or the run's last.ckpt when a run folder is named.</summary>
    /// <exception cref="CheckpointException">Not a run folder or a checkpoint inside one.</exception>
    public static string CheckpointToResume(string pathOrCheckpoint)
    {
        var run = Open(pathOrCheckpoint);
        var full = System.IO.Path.GetFullPath(pathOrCheckpoint);
        if (NamesCheckpoint(full))
        {
            return full;
        }

        // A run stopped in its first epoch has a folder and options but no checkpoint yet.
        if (!File.Exists(run.LastCheckpoint) && !File.Exists(run.BestCheckpoint))
        {
            throw new CheckpointException($"{run.Path} saved no epoch yet (it stopped during epoch 1): start it again with `fracture train`, there is nothing to resume");
        }

        return run.LastCheckpoint;
    }

    private static bool NamesCheckpoint(string full) =>
        File.Exists(full) || string.Equals(System.IO.Path.GetExtension(full), ".ckpt", StringComparison.OrdinalIgnoreCase);
}
