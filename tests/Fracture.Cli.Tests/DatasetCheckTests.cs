using System.Text.Json;
using Fracture.Cli.Tests.Support;

namespace Fracture.Cli.Tests;

/// <summary>`fracture dataset check` on the 15-image fixture (10 train, 3 valid, 2 test; see its SOURCE.md).</summary>
public sealed class DatasetCheckTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Raw_labels_are_counted_per_split()
    {
        var (result, report) = Check();

        Assert.True(result.ExitCode == 0, result.ToString());
        var splits = report.GetProperty("splits");
        Assert.Equal(10, splits.GetProperty("train").GetProperty("images").GetInt32());
        Assert.Equal(3, splits.GetProperty("val").GetProperty("images").GetInt32());
        Assert.Equal(2, splits.GetProperty("test").GetProperty("images").GetInt32());
        Assert.Equal(10, splits.GetProperty("train").GetProperty("instances").GetInt32());
        Assert.Equal(2, splits.GetProperty("val").GetProperty("instances").GetInt32());
        Assert.Equal(1, splits.GetProperty("test").GetProperty("instances").GetInt32());
        Assert.Equal(2, splits.GetProperty("train").GetProperty("negatives").GetInt32());
        Assert.Equal(10, splits.GetProperty("train").GetProperty("polygonRows").GetInt32());
        Assert.Equal(JsonValueKind.Null, report.GetProperty("profile").ValueKind);
        Assert.Equal(7, report.GetProperty("classNames").GetArrayLength());

        // The id-3 "humerus" bone outline is counted raw: one instance of "humerus fracture" (id 3) in train.
        var perClass = splits.GetProperty("train").GetProperty("instancesPerClass");
        Assert.Equal(1, perClass.GetProperty("humerus fracture").GetInt32());
        Assert.Equal(2, perClass.GetProperty("humerus").GetInt32());
        Assert.Equal(3, perClass.GetProperty("wrist positive").GetInt32());
    }

    [Fact]
    public void The_profile_drops_the_bone_outline_and_renames_classes()
    {
        var (result, report) = Check("--profile", RepoPaths.Profile);

        Assert.True(result.ExitCode == 0, result.ToString());
        var train = report.GetProperty("splits").GetProperty("train");
        Assert.Equal(10, train.GetProperty("images").GetInt32());
        Assert.Equal(9, train.GetProperty("instances").GetInt32());
        Assert.Equal(1, train.GetProperty("droppedByProfile").GetInt32());
        Assert.Equal(2, train.GetProperty("instancesPerClass").GetProperty("humerus fracture").GetInt32());
        Assert.Equal(3, train.GetProperty("instancesPerClass").GetProperty("wrist fracture").GetInt32());
        Assert.Equal("bone-fracture-v4", report.GetProperty("profile").GetString());
        Assert.Equal(6, report.GetProperty("classNames").GetArrayLength());
        Assert.Contains("train: 1 instances dropped by the profile", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Box_sizes_are_printed_at_the_chosen_input_size_and_written_per_class()
    {
        var (result, report) = Check("--profile", RepoPaths.Profile, "--imgsz", "640");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Box side in px at a 640-px input: median (quartiles), share < 32 px", result.StdOut, StringComparison.Ordinal);

        // Every fixture image decodes, so every instance is measured.
        var train = report.GetProperty("splits").GetProperty("train");
        foreach (var perClass in train.GetProperty("instancesPerClass").EnumerateObject())
        {
            var size = train.GetProperty("boxSizesPerClass").GetProperty(perClass.Name);
            Assert.Equal(perClass.Value.GetInt32(), size.GetProperty("count").GetInt32());
            if (perClass.Value.GetInt32() > 0)
            {
                Assert.InRange(size.GetProperty("median").GetDouble(), size.GetProperty("p25").GetDouble(), size.GetProperty("p75").GetDouble());
                Assert.InRange(size.GetProperty("median").GetDouble(), 1e-6, 1);
            }
        }
    }

    [Fact]
    public void Stdout_explains_the_ultralytics_path_resolution()
    {
        var (result, report) = Check();

        Assert.True(result.ExitCode == 0, result.ToString());
        var expected = Path.Combine(RepoPaths.FixtureRoot, "train", "images");
        Assert.Contains($"resolved as train/images -> {expected} (Ultralytics rule)", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("(Ultralytics rule)", report.GetProperty("splits").GetProperty("test").GetProperty("source").GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.Equal(expected, report.GetProperty("splits").GetProperty("train").GetProperty("source").GetProperty("resolved")[0].GetString());
        Assert.Equal(string.Empty, result.StdErr);
    }

    [Fact]
    public void A_declared_split_whose_folder_is_missing_is_warned_about_and_the_others_checked()
    {
        var yaml = _temp.Write("data.yaml", $"path: {RepoPaths.FixtureRoot}\ntrain: train/images\nval: valid/images\ntest: nowhere\nnc: 7\n");

        var (result, report) = CheckData(yaml, "--no-images");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["train", "val"], report.GetProperty("splits").EnumerateObject().Select(p => p.Name));
        Assert.Contains("warning: ", result.StdOut, StringComparison.Ordinal);
        Assert.Contains($"test path 'nowhere' does not exist (looked at {Path.Combine(RepoPaths.FixtureRoot, "nowhere")}); that split is not checked", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_decoding_the_image_sizes_are_unknown_not_zero()
    {
        var (result, _) = CheckData(RepoPaths.FixtureYaml, "--no-images");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("0/0/0", result.StdOut, StringComparison.Ordinal);
        Assert.Matches(@"│ -\s", result.StdOut);
    }

    [Fact]
    public void Images_with_a_rejected_label_row_are_counted_apart_from_negatives()
    {
        var yaml = _temp.Write("data.yaml", "train: train/images\nnames: [a, b, c, d, e, f]\n");
        ImageFiles.Write(_temp.File("train/images/bad.png"), 32, 32);
        ImageFiles.Write(_temp.File("train/images/neg.png"), 32, 32);
        _temp.Write("train/labels/bad.txt", "6 0.5 0.5 0.1 0.1\n");

        var (result, report) = CheckData(yaml, "--no-images");

        Assert.True(result.ExitCode == 0, result.ToString());
        var train = report.GetProperty("splits").GetProperty("train");
        Assert.Equal(1, train.GetProperty("excludedImages").GetInt32());
        Assert.Equal(1, train.GetProperty("negatives").GetInt32());
        Assert.Equal(0, train.GetProperty("excludedInstances").GetInt32());
        Assert.Contains("train: 1 images with a rejected label row are not negatives; training, `val` and `eval` leave them out", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void A_label_file_that_cannot_be_read_is_a_rejected_label_not_the_end_of_the_check()
    {
        var yaml = _temp.Write("data.yaml", "train: train/images\nnames: [a, b, c, d, e, f]\n");
        ImageFiles.Write(_temp.File("train/images/locked.png"), 32, 32);
        ImageFiles.Write(_temp.File("train/images/ok.png"), 32, 32);
        var locked = _temp.Write("train/labels/locked.txt", "0 0.5 0.5 0.1 0.1\n");
        _temp.Write("train/labels/ok.txt", "1 0.5 0.5 0.1 0.1\n");
        File.SetUnixFileMode(locked, UnixFileMode.None);
        var output = _temp.File("check.json");

        var result = CliRunner.RunBoundByPermissions(_temp.Path, "dataset", "check", "--data", yaml, "--json", output, "--no-images");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("train label rows with problems (Unreadable: 1); first: locked.txt: the file cannot be read: ", result.StdOut, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(File.ReadAllText(output));
        var train = document.RootElement.GetProperty("splits").GetProperty("train");
        Assert.Equal(1, train.GetProperty("excludedImages").GetInt32());
        Assert.Equal(1, train.GetProperty("instances").GetInt32());
    }

    [Fact]
    public void The_console_says_how_many_problem_images_its_list_leaves_out()
    {
        // 12 undecodable images: the console lists 10 and counts the other 2, the JSON names all 12.
        var yaml = _temp.Write("data.yaml", "train: train/images\nnames: [a]\n");
        ImageFiles.Write(_temp.File("train/images/ok.png"), 32, 32);
        for (var i = 0; i < 12; i++)
        {
            File.WriteAllBytes(_temp.File($"train/images/bad{i:00}.png"), [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3]);
        }

        var (result, report) = CheckData(yaml, "--no-leakage");

        Assert.True(result.ExitCode == 0, result.ToString());
        var train = report.GetProperty("splits").GetProperty("train");
        Assert.Equal(12, train.GetProperty("corrupt").GetArrayLength() + train.GetProperty("truncated").GetArrayLength());
        Assert.Equal(10, result.StdOut.Split('\n').Count(line => System.Text.RegularExpressions.Regex.IsMatch(line, @"^train \w+: \S*bad\d\d\.png: ")));
        Assert.Contains("... and 2 more train images that do not decode whole (--json lists all 12)", result.StdOut, StringComparison.Ordinal);
    }

    private (CliResult Result, JsonElement Report) Check(params string[] extra) => CheckData(RepoPaths.FixtureYaml, extra);

    private (CliResult Result, JsonElement Report) CheckData(string yaml, params string[] extra)
    {
        var output = _temp.File("check.json");
        var result = CliRunner.Run(["dataset", "check", "--data", yaml, "--json", output, .. extra]);
        Assert.True(File.Exists(output), result.ToString());
        using var document = JsonDocument.Parse(File.ReadAllText(output));
        return (result, document.RootElement.Clone());
    }
}
