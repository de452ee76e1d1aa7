using System.Diagnostics;
using System.Text.Json;
using Fracture.Cli.Tests.Support;

namespace Fracture.Cli.Tests;

/// <summary>`fracture train classify` and `val classify` as a user runs them, including a run killed with SIGKILL.</summary>
public sealed class TrainClassifyTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_run_killed_mid_epoch_resumes_to_the_planned_epoch_count()
    {
        var run = Path.Combine(_temp.Path, "runs", "classify", "killed");
        var results = Path.Combine(run, "results.csv");
        using var killed = new ManualResetEventSlim();
        var exitedBeforeTheKill = false;

        // Kill -9 as soon as epoch 2 reports its first batch: a fixed sleep after epoch 1 missed the epoch on a busy
        // machine (and on an idle one the tiny epoch can finish within a second). Killed on the thread that reads the
        // line, not after waking the test's thread, which a busy machine may leave waiting while the run goes on.
        using (var process = Start(["train", "classify", .. TinyRun("killed", epochs: 3)], (running, line) =>
        {
            if (line.StartsWith("epoch 2 ", StringComparison.Ordinal) && !killed.IsSet)
            {
                exitedBeforeTheKill = running.HasExited;
                running.Kill(entireProcessTree: true);
                killed.Set();
            }
        }))
        {
            Assert.True(killed.Wait(TimeSpan.FromMinutes(8)), "epoch 2 never started");
            Assert.False(exitedBeforeTheKill, "the run ended before it could be killed");
            process.WaitForExit();
        }

        Assert.True(File.Exists(results), "epoch 1 left no results");
        Assert.True(File.ReadAllLines(results).Length < 4, "the kill came too late");

        var resumed = CliRunner.Run("train", "classify", "--resume", run);

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains("finished after 3 epochs", resumed.StdOut, StringComparison.Ordinal);
        Assert.Equal(["epoch", "1", "2", "3"], File.ReadAllLines(results).Select(l => l.Split(',')[0]));
    }

    [Fact]
    public void Val_classify_writes_the_documented_json()
    {
        var trained = CliRunner.Run(["train", "classify", .. TinyRun("val", epochs: 1)]);
        Assert.True(trained.ExitCode == 0, trained.ToString());
        var json = _temp.File("val.json");

        var result = CliRunner.Run("val", "classify", "--weights", Path.Combine(_temp.Path, "runs", "classify", "val"), "--split", "test", "--json", json);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("fracture present", result.StdOut, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;
        foreach (var key in new[] { "accuracy", "macroF1", "weightedF1", "perClass", "confusion", "fracturePresent" })
        {
            Assert.True(root.TryGetProperty(key, out _), key);
        }

        Assert.Equal(2, root.GetProperty("images").GetInt32());
        Assert.Equal(1, root.GetProperty("epoch").GetInt32());
        Assert.Equal(7, root.GetProperty("perClass").GetArrayLength());
        Assert.Equal("no fracture", root.GetProperty("perClass")[0].GetProperty("name").GetString());
        var present = root.GetProperty("fracturePresent");
        foreach (var key in new[] { "auc", "sensitivity", "specificity", "threshold" })
        {
            Assert.True(present.TryGetProperty(key, out _), key);
        }
    }

    [Fact]
    public void Resuming_a_truncated_checkpoint_is_a_one_line_error()
    {
        var trained = CliRunner.Run(["train", "classify", .. TinyRun("cut", epochs: 2), "--stop-after", "1"]);
        Assert.True(trained.ExitCode == 0, trained.ToString());
        var run = Path.Combine(_temp.Path, "runs", "classify", "cut");
        var last = Path.Combine(run, "weights", "last.ckpt");
        File.WriteAllBytes(last, File.ReadAllBytes(last)[..1000]);

        var result = CliRunner.Run("train", "classify", "--resume", run);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: ", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("truncated or corrupt", result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void Resuming_after_the_profile_moved_labels_between_its_classes_is_refused()
    {
        // The shipped profile as data.yaml's swap of ids 3 and 4 would be undone by mistake: same classes, other labels.
        var profile = _temp.Write("profile.json", File.ReadAllText(RepoPaths.Profile));
        string[] args = ["train", "classify", .. TinyRun("moved", epochs: 2), "--stop-after", "1"];
        args[Array.IndexOf(args, RepoPaths.Profile)] = profile;
        var trained = CliRunner.Run(args);
        Assert.True(trained.ExitCode == 0, trained.ToString());
        File.WriteAllText(profile, File.ReadAllText(profile)
            .Replace("\"3\": null", "\"3\": \"humerus fracture\"", StringComparison.Ordinal)
            .Replace("\"4\": \"humerus fracture\"", "\"4\": null", StringComparison.Ordinal));

        var result = CliRunner.Run("train", "classify", "--resume", Path.Combine(_temp.Path, "runs", "classify", "moved"));

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("the run mapped its labels' class ids as (0:elbow fracture, 1:fingers fracture, 2:forearm fracture, 3:-, 4:humerus fracture, ", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("but its data and profile now map them as (0:elbow fracture, 1:fingers fracture, 2:forearm fracture, 3:humerus fracture, 4:-, ", result.StdErr, StringComparison.Ordinal);
        Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Resuming_a_finished_run_whose_last_results_were_not_written_restores_them()
    {
        var trained = CliRunner.Run(["train", "classify", .. TinyRun("killed", epochs: 2)]);
        Assert.True(trained.ExitCode == 0, trained.ToString());
        var results = Path.Combine(_temp.Path, "runs", "classify", "killed", "results.csv");
        var whole = File.ReadAllText(results);
        // As a kill between writing the last epoch's checkpoints and its results.csv leaves it.
        File.WriteAllText(results, string.Join('\n', whole.Split('\n')[..2]) + "\n");

        var result = CliRunner.Run("train", "classify", "--resume", Path.Combine(_temp.Path, "runs", "classify", "killed"));

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("already finished all 2 epochs", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("results.csv and the curves did not hold the checkpoint's 2 epochs", result.StdOut + result.StdErr, StringComparison.Ordinal);
        Assert.Equal(whole, File.ReadAllText(results));
    }

    [Fact]
    public void Resuming_a_run_whose_best_report_was_not_written_scores_the_best_checkpoint_again()
    {
        var trained = CliRunner.Run(["train", "classify", .. TinyRun("report", epochs: 2), "--stop-after", "1"]);
        Assert.True(trained.ExitCode == 0, trained.ToString());
        var run = Path.Combine(_temp.Path, "runs", "classify", "report");
        var report = Path.Combine(run, "best-val.json");
        var written = File.ReadAllText(report);
        Assert.Equal(1, JsonDocument.Parse(written).RootElement.GetProperty("epoch").GetInt32());
        // As a kill between writing epoch 1's checkpoints and its plots leaves the run.
        File.Delete(report);
        File.Delete(Path.Combine(run, "confusion.png"));

        var resumed = CliRunner.Run("train", "classify", "--resume", run);

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains("best-val.json was missing or unreadable (the run stopped while writing the best epoch's plots): rewritten from best.ckpt", resumed.StdOut, StringComparison.Ordinal);
        Assert.Contains("rewritten from best.ckpt", File.ReadAllText(Path.Combine(run, "train.log")), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(run, "confusion.png")), "the confusion matrix was not written again");
        var best = CliRunner.Run("val", "classify", "--weights", Path.Combine(run, "best"), "--json", _temp.File("best.json"));
        Assert.True(best.ExitCode == 0, best.ToString());
        using var expected = JsonDocument.Parse(File.ReadAllText(_temp.File("best.json")));
        using var actual = JsonDocument.Parse(File.ReadAllText(report));
        Assert.Equal(expected.RootElement.GetProperty("epoch").GetInt32(), actual.RootElement.GetProperty("epoch").GetInt32());
        Assert.Equal(expected.RootElement.GetProperty("accuracy").GetDouble(), actual.RootElement.GetProperty("accuracy").GetDouble());
    }

    [Fact]
    public void Resuming_a_finished_run_whose_best_report_is_another_epochs_says_how_to_rewrite_it()
    {
        var trained = CliRunner.Run(["train", "classify", .. TinyRun("stale", epochs: 2)]);
        Assert.True(trained.ExitCode == 0, trained.ToString());
        var run = Path.Combine(_temp.Path, "runs", "classify", "stale");
        var report = Path.Combine(run, "best-val.json");
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(report))!;
        var bestEpoch = (int)json["epoch"]!;
        var other = bestEpoch == 1 ? 2 : 1;
        json["epoch"] = other;
        File.WriteAllText(report, json.ToJsonString());

        var result = CliRunner.Run("train", "classify", "--resume", run);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains(
            $"already finished all 2 epochs; best-val.json and the best epoch's plots were epoch {other}'s, not the run's best (epoch {bestEpoch}; the run stopped while writing them): `fracture val classify --weights {Path.Combine(run, "best")} --json {report}` rewrites the report",
            result.StdErr,
            StringComparison.Ordinal);
        var rewritten = CliRunner.Run("val", "classify", "--weights", Path.Combine(run, "best"), "--json", report);
        Assert.True(rewritten.ExitCode == 0, rewritten.ToString());
        var again = CliRunner.Run("train", "classify", "--resume", run);
        Assert.True(again.ExitCode == 1, again.ToString());
        Assert.DoesNotContain("best-val.json", again.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void Resuming_after_images_were_removed_warns_and_goes_on()
    {
        foreach (var file in Directory.EnumerateFiles(RepoPaths.FixtureRoot, "*", SearchOption.AllDirectories).Where(f => f.Contains("/train/", StringComparison.Ordinal) || f.Contains("/valid/", StringComparison.Ordinal)))
        {
            File.Copy(file, _temp.File(Path.Combine("data", Path.GetRelativePath(RepoPaths.FixtureRoot, file))));
        }

        var yaml = _temp.Write("data/data.yaml", "path: .\ntrain: train/images\nval: valid/images\nnc: 7\n");
        string[] tiny = ["--data", yaml, "--imgsz", "64", "--batch", "4", "--epochs", "2", "--project", Path.Combine(_temp.Path, "runs"), "--name", "shrunk"];
        var trained = CliRunner.Run(["train", "classify", .. tiny, "--stop-after", "1"]);
        Assert.True(trained.ExitCode == 0, trained.ToString());
        File.Delete(Directory.EnumerateFiles(Path.Combine(_temp.Path, "data", "valid", "images")).Order(StringComparer.Ordinal).First());

        var result = CliRunner.Run("train", "classify", "--resume", Path.Combine(_temp.Path, "runs", "classify", "shrunk"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("warning: the data changed since the run started: ", result.StdOut + result.StdErr, StringComparison.Ordinal);
        Assert.Contains(" and 2 validation images that score, against ", result.StdOut + result.StdErr, StringComparison.Ordinal);
    }

    private string[] TinyRun(string name, int epochs) =>
    [
        "--data", RepoPaths.FixtureYaml, "--profile", RepoPaths.Profile, "--imgsz", "64", "--batch", "4",
        "--epochs", epochs.ToString(System.Globalization.CultureInfo.InvariantCulture), "--project", Path.Combine(_temp.Path, "runs"), "--name", name,
    ];

    private static Process Start(string[] args, Action<Process, string> onOutputLine)
    {
        var start = new ProcessStartInfo(CliRunner.DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.RepoRoot,
        };
        start.ArgumentList.Add(CliRunner.FractureDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                onOutputLine(process, e.Data);
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
