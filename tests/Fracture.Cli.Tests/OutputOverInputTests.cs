using Fracture.Cli.Tests.Support;

namespace Fracture.Cli.Tests;

/// <summary>
/// An output file (--json, --csv, split's --out files) that is one of the command's own inputs is refused with one
/// error line before any work, and the input keeps its bytes: `predict --json` over an X-ray, `dataset check --json`
/// over data.yaml and `val --json` over a label file each replaced the input and reported success. A symbolic link to
/// an input is that input. Each case runs on a copy of the fixture dataset; `val --weights` is in ValModelDetectTests.
/// </summary>
public sealed class OutputOverInputTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly string _yaml;

    public OutputOverInputTests() => _yaml = FixtureCopy.Dataset(_temp.File("d"));

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("--json", "model", "--json names the --model file")]
    [InlineData("--csv", "link", "--csv names the --model file")]
    [InlineData("--json", "image", "--json names a --source image")]
    public void Predict_refuses_writing_the_predictions_over_its_model_or_a_source_image(string option, string target, string expected)
    {
        // The real detector (a copy: the old code wrote over it), so a run that is not refused predicts and writes.
        var model = _temp.File("m.onnx");
        File.Copy(Path.Combine(RepoPaths.RepoRoot, "models", "fracture-detector.onnx"), model);
        var output = target switch
        {
            "model" => model,
            "link" => Link("predictions.csv", model),
            _ => First("d/valid/images"),
        };

        Refused.Overwrite(target == "image" ? output : model, expected, "predict", "--model", model, "--source", _temp.File("d/*/images/*.jpg"), option, output);
    }

    [Theory]
    [InlineData("data.yaml", "--json names the --data file")]
    [InlineData("train/labels", "--json names a label file of the dataset's 'train' split")]
    [InlineData("test/images", "--json names an image of the dataset's 'test' split")]
    public void Dataset_check_refuses_writing_the_report_over_the_dataset(string target, string expected)
    {
        var input = target == "data.yaml" ? _yaml : First($"d/{target}");

        Refused.Overwrite(input, expected, "dataset", "check", "--data", _yaml, "--no-leakage", "--json", input);
    }

    [Fact]
    public void Dataset_split_refuses_an_out_folder_that_is_its_source_split_through_a_link()
    {
        // An earlier split's folder names its own files, so only the link hid that the new split would replace them.
        var first = _temp.File("s1");
        Assert.Equal(0, CliRunner.Run("dataset", "split", "--data", _yaml, "--out", first, "--seed", "1").ExitCode);
        var yaml = File.ReadAllBytes(Path.Combine(first, "data.yaml"));

        Refused.Overwrite(
            Path.Combine(first, "train.txt"), "--out's train.txt names the image list of the dataset's 'train' split",
            "dataset", "split", "--data", Path.Combine(first, "data.yaml"), "--out", Directory.CreateSymbolicLink(_temp.File("s1-link"), first).FullName, "--seed", "2");
        Assert.Equal(yaml, File.ReadAllBytes(Path.Combine(first, "data.yaml")));
    }

    [Theory]
    [InlineData("classify", "data.yaml", "--json names the --data file")]
    [InlineData("detect", "valid/labels", "--json names a label file of the dataset's 'val' split")]
    [InlineData("segment", "model", "--json names the --model file")]
    public void Val_with_a_model_refuses_writing_the_metrics_over_the_model_or_the_dataset(string task, string target, string expected)
    {
        var model = _temp.Write("m.onnx", "stand-in: refused before it is opened");
        var input = target switch
        {
            "model" => model,
            "data.yaml" => _yaml,
            _ => First($"d/{target}"),
        };

        Refused.Overwrite(input, expected, "val", task, "--model", model, "--data", _yaml, "--profile", RepoPaths.Profile, "--json", target == "model" ? Link("m.json", model) : input);
    }

    [Theory]
    [InlineData("detect", "data.yaml", "--json names the --data file")]
    [InlineData("segment", "profile", "--json names the --profile file")]
    [InlineData("compare", "valid/images", "--json names an image of the dataset's 'val' split")]
    public void Eval_refuses_writing_the_metrics_over_the_data_yaml_the_profile_or_a_file_of_the_split(string task, string target, string expected)
    {
        var none = _temp.Write("none.json", "[]");
        var profile = _temp.File("profile.json");
        File.Copy(RepoPaths.Profile, profile);
        var input = target switch
        {
            "data.yaml" => _yaml,
            "profile" => profile,
            _ => First($"d/{target}"),
        };
        string[] predictions = task == "compare" ? ["--baseline", none, "--candidate", none, "--resamples", "10"] : ["--predictions", none];

        Refused.Overwrite(input, expected, ["eval", task, "--data", _yaml, "--profile", profile, .. predictions, "--json", input]);
    }

    [Fact]
    public void Bench_refuses_writing_the_measurements_over_what_it_reads()
    {
        var image = First("d/valid/images");
        var label = First("d/train/labels");
        var weights = _temp.Write("w.ckpt", "stand-in: refused before it is read");

        Refused.Overwrite(
            label, "--json names a label file of the dataset's 'train' split",
            "bench", "train", "--task", "detect", "--imgsz", "64", "--batch", "2", "--steps", "1", "--warmup", "0", "--stand-in-steps", "0",
            "--inference-runs", "0", "--data", _yaml, "--profile", RepoPaths.Profile, "--epoch-images", "2", "--epochs", "1", "--json", label);
        Refused.Overwrite(
            weights, "--json names the --weights file",
            "bench", "infer", "--model", _temp.Write("m.onnx", "stand-in"), "--weights", weights, "--images", image, "--json", Link("bench.json", weights));
        Refused.Overwrite(
            image, "--json names the --image file",
            "bench", "predict", "--image", image, "--concurrency", "1", "--modes", "predictor", "--warmup", "0", "--duration", "0.1", "--json", image);
    }

    /// <summary>The first file (by name) of a folder of the temp folder.</summary>
    private string First(string folder) => Directory.GetFiles(Path.Combine(_temp.Path, folder)).Order(StringComparer.Ordinal).First();

    /// <summary>A symbolic link in the temp folder to <paramref name="target"/>.</summary>
    private string Link(string name, string target)
    {
        var link = _temp.File(name);
        File.CreateSymbolicLink(link, target);
        return link;
    }
}
