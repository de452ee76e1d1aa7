using Fracture.Training.Engine;
using Fracture.Training.Tasks.Classify;

namespace Fracture.Training.Tests.Engine;

public sealed class SmallPiecesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("fracture-run-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Class_weights_are_inverse_sqrt_frequency_with_mean_one_over_images()
    {
        // counts 100, 25: raw 0.1, 0.2; mean over images = (100*0.1 + 25*0.2)/125 = 0.12 -> 0.8333, 1.6667.
        var weights = ClassWeights.InverseSquareRoot([100, 25, 0]);

        Assert.Equal(0.833333f, weights[0], 5);
        Assert.Equal(1.666667f, weights[1], 5);
        Assert.Equal(0f, weights[2]);
    }

    [Fact]
    public void Run_folders_never_overwrite_an_earlier_run()
    {
        var first = RunFolder.CreateNew(_root, "classify", "exp");
        File.WriteAllText(first.OptionsFile, "{}");
        var second = RunFolder.CreateNew(_root, "classify", "exp");

        Assert.EndsWith("exp", first.Path, StringComparison.Ordinal);
        Assert.EndsWith("exp2", second.Path, StringComparison.Ordinal);
        Assert.True(Directory.Exists(second.Weights));
        Assert.Equal(first.Path, RunFolder.Open(Path.Combine(first.Weights, "last.ckpt")).Path);
        Assert.Throws<CheckpointException>(() => RunFolder.Open(_root));
    }

    [Theory]
    [InlineData("../../escape")]
    [InlineData("/tmp/absolute")]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("")]
    public void A_run_name_that_is_a_path_is_refused_and_nothing_is_made(string name)
    {
        var error = Assert.Throws<Core.FractureException>(() => RunFolder.CreateNew(_root, "detect", name));

        Assert.Equal($"--name '{name}' must be a folder name, not a path: the run goes to <project>/detect/<name> (--project chooses the folder)", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
        Assert.False(Directory.Exists("/tmp/absolute"));
    }

    [Fact]
    public void Taking_a_run_removes_the_temp_files_a_killed_process_left_and_nothing_else()
    {
        var run = RunFolder.CreateNew(_root, "segment", "exp");
        // What kill -9 during a checkpoint or plot write leaves (AtomicFile's and the plots' temp names).
        var strays = new[]
        {
            Path.Combine(run.Weights, ".last.ckpt.0123456789abcdef0123456789abcdef.tmp"),
            Path.Combine(run.Path, ".results.csv.fedcba9876543210fedcba9876543210.tmp"),
            Path.Combine(run.Path, "results.png.tmp.png"),
            Path.Combine(run.Overlays, ".valid-1.png.0123456789abcdef0123456789abcdef.tmp"),
        };
        Directory.CreateDirectory(run.Overlays);
        var kept = new[] { run.OptionsFile, Path.Combine(run.Weights, "last.ckpt"), Path.Combine(run.Path, "notes.tmp"), Path.Combine(run.Path, "results.png"), Path.Combine(run.Overlays, "valid-1.png") };
        foreach (var file in strays.Concat(kept))
        {
            File.WriteAllText(file, "x");
        }

        using (run.Lock())
        {
            Assert.All(strays, f => Assert.False(File.Exists(f), f));
            Assert.All(kept, f => Assert.True(File.Exists(f), f));
        }
    }

    [Fact]
    public void Results_csv_has_one_row_per_epoch_and_a_column_per_value()
    {
        var path = Path.Combine(_root, "results.csv");
        ResultsCsv.Write(path, [
            new EpochRecord(1, new Dictionary<string, double> { ["loss"] = 2, ["auc"] = 0.5 }, 0.001, 10),
            new EpochRecord(2, new Dictionary<string, double> { ["loss"] = 1.5, ["auc"] = 0.75 }, 0.0005, 9.5),
        ]);

        Assert.Equal(["epoch,loss,auc,lr,seconds", "1,2,0.5,0.001,10.0", "2,1.5,0.75,0.0005,9.5"], File.ReadAllLines(path));
    }
}
