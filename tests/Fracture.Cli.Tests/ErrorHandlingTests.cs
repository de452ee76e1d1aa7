using Fracture.Cli.Tests.Support;

namespace Fracture.Cli.Tests;

/// <summary>Bad input ends in one `error: ...` line on stderr and a non-zero exit, never a stack trace.</summary>
public sealed class ErrorHandlingTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("missing data.yaml", "data.yaml not found: ")]
    [InlineData("invalid yaml", "not valid YAML (1:8): While scanning a multi-line double-quoted scalar")]
    [InlineData("yaml that trips YamlDotNet's scanner", "not valid YAML")]
    [InlineData("predictions not JSON", "not valid JSON")]
    [InlineData("predictions not an array", "expected a JSON array of predictions, found an object")]
    [InlineData("prediction class out of range", "a prediction for x.jpg has class 9, but the dataset has classes 0..6")]
    [InlineData("prediction class out of range of the profile", "a prediction for x.jpg has class 6, but the dataset has classes 0..5")]
    [InlineData("prediction score above 1", "entry 0: \"score\" 2 is outside 0..1")]
    [InlineData("missing predictions file", "Cannot read predictions file")]
    [InlineData("bogus split", "unknown split 'bogus': use train, val (valid) or test")]
    [InlineData("eval on a declared split whose folder is missing", "test path 'nowhere' does not exist (looked at ")]
    [InlineData("training on a declared split whose folder is missing", "train path 'nowhere' does not exist (looked at ")]
    [InlineData("missing profile", "profile not found: ")]
    [InlineData("profile not JSON", "not a valid profile")]
    [InlineData("box-size input too small", "--imgsz must be 32 to 4096 pixels")]
    [InlineData("bad fractions", "--fractions must be three numbers like 0.8,0.1,0.1 (got '0.5,0.5')")]
    [InlineData("EMA ramp of zero steps", "EMA ramp (tau) must be in (0, 1e7] steps")]
    [InlineData("stop after no epochs", "stop-after must be at least 1 epoch")]
    [InlineData("a training subset of no images", "--max-train-images must be at least 1 (leave it out for all)")]
    [InlineData("a detector with no labelled object", "nothing to learn boxes from: no training image has a labelled object")]
    [InlineData("a detector validated on no labelled object", "nothing to validate on: no validation image can score the model")]
    [InlineData("detector input off the 32 grid", "the detector's image size must be a multiple of 32, not 100")]
    [InlineData("init weights that do not exist", "no such checkpoint, run or ONNX file")]
    [InlineData("options beside --resume", "--resume continues with the run's own options; drop --epochs, --lr (only --stop-after may be given)")]
    [InlineData("validation batch of zero", "--batch must be at least 1, not 0")]
    [InlineData("validation batch too large", "--batch must be at most 1024, not 8000")]
    [InlineData("validation NMS IoU not a number", "--conf and --iou must be in 0..1 and --max-det at least 0")]
    [InlineData("validation with negative max-det", "--conf and --iou must be in 0..1 and --max-det at least 0")]
    [InlineData("validation confidence above 1", "--conf and --iou must be in 0..1 and --max-det at least 0")]
    [InlineData("flip fusion on a checkpoint", "--flip-fusion runs in the ONNX predictor: give the exported file with --model, not --weights")]
    [InlineData("predict without a model file", "model not found: ")]
    [InlineData("predict from a missing source", "source not found: ")]
    [InlineData("predict with a reversed range in its pattern", "is not a valid glob pattern: a range in [...] runs backwards")]
    [InlineData("predict saving into the JSON's path", "--save and --json name the same path")]
    [InlineData("predict with a batch too large", "--batch must be at most 1024, not 5000")]
    [InlineData("compare on a split with no images", "split test has no images to compare on")]
    public void Bad_input_gives_a_one_line_error(string situation, string expected)
    {
        var result = CliRunner.Run(ArgsFor(situation));

        Assert.True(result.ExitCode == 1, result.ToString());
        var lines = result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.StdErr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("detector input off the 32 grid")]
    [InlineData("init weights that do not exist")]
    [InlineData("stop after no epochs")]
    [InlineData("a training subset of no images")]
    [InlineData("a detector with no labelled object")]
    [InlineData("a detector validated on no labelled object")]
    public void A_refused_training_run_leaves_no_run_folder(string situation)
    {
        var result = CliRunner.Run(ArgsFor(situation));

        Assert.True(result.ExitCode == 1, result.ToString());
        var runs = Path.Combine(_temp.Path, "runs");
        Assert.False(Directory.Exists(runs) && Directory.EnumerateDirectories(runs, "*", SearchOption.AllDirectories).Any(d => Directory.Exists(Path.Combine(d, "weights"))), "a run folder was made");
    }

    [Fact]
    public void A_missing_required_option_gets_system_commandline_s_message()
    {
        var result = CliRunner.Run("eval", "detect", "--data", RepoPaths.FixtureYaml);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("Option '--predictions' is required.", result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StdErr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("predict", "--model", "m.onnx", "--source", "")]
    [InlineData("train", "segment", "--data", "d.yaml", "--init", " ")]
    public void An_empty_text_value_is_refused_by_name(params string[] args)
    {
        var result = CliRunner.Run(args);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"{args[^2]} needs a value, not an empty one", result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_option_is_rejected()
    {
        var result = CliRunner.Run("dataset", "check", "--data", RepoPaths.FixtureYaml, "--frobnicate");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("Unrecognized command or argument '--frobnicate'.", result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StdErr, StringComparison.Ordinal);
    }

    /// <summary>A folder of two fixture validation images with no labels beside them (all read as "no fracture").</summary>
    private string ImagesWithoutLabels()
    {
        foreach (var image in Directory.EnumerateFiles(Path.Combine(RepoPaths.FixtureRoot, "valid", "images")).Order(StringComparer.Ordinal).Take(2))
        {
            File.Copy(image, _temp.File(Path.Combine("bare", "images", Path.GetFileName(image))));
        }

        return Path.Combine(_temp.Path, "bare", "images");
    }

    /// <summary>A dataset whose splits are a folder holding no image.</summary>
    private string EmptySplitYaml()
    {
        _temp.Write("empty/images/notes.txt", "no image here");
        return _temp.Write("empty/data.yaml", "path: .\ntrain: images\nval: images\ntest: images\nnames: [a]\n");
    }

    private string[] ArgsFor(string situation)
    {
        var fixture = RepoPaths.FixtureYaml;
        var okPredictions = _temp.Write("ok.json", "[]");
        string[] Detect(string data, string predictions, params string[] extra) =>
            ["eval", "detect", "--data", data, "--predictions", predictions, .. extra];
        string Predictions(string json) => _temp.Write("predictions.json", json);
        const string OneBox = """[{"image": "x.jpg", "class": CLASS, "score": SCORE, "box": [0, 0, 10, 10]}]""";

        return situation switch
        {
            "missing data.yaml" => ["dataset", "check", "--data", Path.Combine(_temp.Path, "nowhere", "data.yaml")],
            "invalid yaml" => ["dataset", "check", "--data", _temp.Write("data.yaml", "train: \"images\nnames: [a]\n")],
            "yaml that trips YamlDotNet's scanner" => ["dataset", "check", "--data", _temp.Write("data.yaml", "train: [a\nnames: {")],
            "predictions not JSON" => Detect(fixture, Predictions("image,class,score\nx.jpg,0,0.5\n")),
            "predictions not an array" => Detect(fixture, Predictions("""{"image": "x.jpg"}""")),
            "prediction class out of range" => Detect(fixture, Predictions(OneBox.Replace("CLASS", "9").Replace("SCORE", "0.5"))),
            "prediction class out of range of the profile" =>
                Detect(fixture, Predictions(OneBox.Replace("CLASS", "6").Replace("SCORE", "0.5")), "--profile", RepoPaths.Profile),
            "prediction score above 1" => Detect(fixture, Predictions(OneBox.Replace("CLASS", "0").Replace("SCORE", "2"))),
            "missing predictions file" => Detect(fixture, Path.Combine(_temp.Path, "none.json")),
            "bogus split" => Detect(fixture, okPredictions, "--split", "bogus"),
            "eval on a declared split whose folder is missing" => Detect(
                _temp.Write("data.yaml", $"path: {RepoPaths.FixtureRoot}\ntrain: train/images\nval: valid/images\ntest: nowhere\nnc: 7\n"), okPredictions, "--split", "test"),
            "training on a declared split whose folder is missing" => ["train", "detect", "--data",
                _temp.Write("data.yaml", $"path: {RepoPaths.FixtureRoot}\ntrain: nowhere\nval: valid/images\nnc: 7\n"), "--project", Path.Combine(_temp.Path, "runs")],
            "missing profile" => ["dataset", "check", "--data", fixture, "--profile", Path.Combine(_temp.Path, "none.json")],
            "profile not JSON" => ["dataset", "check", "--data", fixture, "--profile", _temp.Write("profile.json", "{\"classes\": [")],
            "box-size input too small" => ["dataset", "check", "--data", fixture, "--no-images", "--imgsz", "8"],
            "bad fractions" => ["dataset", "split", "--data", fixture, "--out", Path.Combine(_temp.Path, "out"), "--fractions", "0.5,0.5"],
            "EMA ramp of zero steps" => ["train", "segment", "--data", fixture, "--ema-tau", "0", "--project", Path.Combine(_temp.Path, "runs")],
            "stop after no epochs" => ["train", "classify", "--data", fixture, "--stop-after", "0", "--project", Path.Combine(_temp.Path, "runs")],
            "a training subset of no images" => ["train", "detect", "--data", fixture, "--max-train-images", "0", "--project", Path.Combine(_temp.Path, "runs")],
            "a detector with no labelled object" => ["train", "detect", "--data", fixture, "--project", Path.Combine(_temp.Path, "runs"), "--profile", _temp.Write("none.json",
                """{"name": "none", "classes": ["elbow fracture"], "map": {"0": null, "1": null, "2": null, "3": null, "4": null, "5": null, "6": null}}""")],
            "a detector validated on no labelled object" => ["train", "segment", "--data",
                _temp.Write("data.yaml", $"path: {RepoPaths.FixtureRoot}\ntrain: train/images\nval: {ImagesWithoutLabels()}\nnc: 7\n"), "--project", Path.Combine(_temp.Path, "runs")],
            "detector input off the 32 grid" => ["train", "detect", "--data", fixture, "--imgsz", "100", "--project", Path.Combine(_temp.Path, "runs")],
            "init weights that do not exist" => ["train", "segment", "--data", fixture, "--init", Path.Combine(_temp.Path, "none"), "--project", Path.Combine(_temp.Path, "runs")],
            "options beside --resume" => ["train", "detect", "--resume", Path.Combine(_temp.Path, "runs", "detect", "x"), "--epochs", "3", "--lr", "0.01", "--stop-after", "1"],
            "validation batch of zero" => ["val", "classify", "--weights", Path.Combine(_temp.Path, "runs", "classify", "x"), "--batch", "0"],
            "validation batch too large" => ["val", "detect", "--weights", Path.Combine(_temp.Path, "runs", "detect", "x"), "--batch", "8000"],
            "validation NMS IoU not a number" => ["val", "detect", "--weights", Path.Combine(_temp.Path, "runs", "detect", "x"), "--iou", "NaN"],
            "validation with negative max-det" => ["val", "segment", "--weights", Path.Combine(_temp.Path, "runs", "segment", "x"), "--max-det", "-1"],
            "validation confidence above 1" => ["val", "detect", "--weights", Path.Combine(_temp.Path, "runs", "detect", "x"), "--conf", "2"],
            "flip fusion on a checkpoint" => ["val", "segment", "--weights", Path.Combine(_temp.Path, "runs", "segment", "x"), "--flip-fusion"],
            "predict without a model file" => ["predict", "--model", Path.Combine(_temp.Path, "none.onnx"), "--source", RepoPaths.FixtureRoot, "--recursive"],
            "predict from a missing source" => ["predict", "--model", _temp.Write("model.onnx", "x"), "--source", Path.Combine(_temp.Path, "nowhere")],
            "predict with a reversed range in its pattern" => ["predict", "--model", _temp.Write("model.onnx", "x"), "--source", Path.Combine(RepoPaths.FixtureRoot, "*", "images", "[z-a]*.jpg")],
            "predict saving into the JSON's path" => ["predict", "--model", _temp.Write("model.onnx", "x"), "--source", RepoPaths.FixtureRoot, "--recursive",
                "--save", Path.Combine(_temp.Path, "out"), "--json", Path.Combine(_temp.Path, "out")],
            "predict with a batch too large" => ["predict", "--model", _temp.Write("model.onnx", "x"), "--source", RepoPaths.FixtureRoot, "--batch", "5000"],
            "compare on a split with no images" => ["eval", "compare", "--data",
                EmptySplitYaml(), "--split", "test", "--baseline", okPredictions, "--candidate", okPredictions],
            _ => throw new ArgumentOutOfRangeException(nameof(situation), situation, "no such case"),
        };
    }
}
