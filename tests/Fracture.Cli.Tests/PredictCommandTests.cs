using System.Text.Json;
using Fracture.Cli.Tests.Support;
using Fracture.Core;
using Fracture.Core.Geometry;
using Fracture.Core.Imaging;
using Fracture.Core.Metrics;
using Fracture.Core.Models;
using Fracture.Inference;
using Fracture.Inference.Rendering;
using SkiaSharp;

namespace Fracture.Cli.Tests;

/// <summary>
/// `fracture predict` in process with a fake predictor that answers by image width: 40 px wide, one wrist box;
/// 50 px wide, an elbow and a wrist box; anything else, nothing. Files: a.png 40x30, b.jpg 50x30, e.bmp 70x20
/// (valid, no findings), c.jpg (not an image), d.jpg (a 400x300 JPEG cut in half: truncated), notes.txt (ignored).
/// </summary>
public sealed class PredictCommandTests : IDisposable
{
    private static readonly string[] Names = ["elbow", "fingers", "wrist"];
    private readonly TempFolder _temp = new();
    private readonly FakePredictor _predictor = new(FakePredictor.Detector(Names), Answer);
    private PredictorOptions? _openedWith;

    public PredictCommandTests()
    {
        ImageFiles.Write(_temp.File("in/a.png"), 40, 30);
        ImageFiles.Write(_temp.File("in/b.jpg"), 50, 30);
        WriteBmp(_temp.File("in/e.bmp"), 70, 20);
        _temp.Write("in/c.jpg", "this is not an image");
        ImageFiles.Write(_temp.File("in/d.jpg"), 400, 300);
        var jpeg = File.ReadAllBytes(_temp.File("in/d.jpg"));
        File.WriteAllBytes(_temp.File("in/d.jpg"), jpeg[..(jpeg.Length / 2)]);
        _temp.Write("in/notes.txt", "not an image either");
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Folder_with_broken_files_predicts_the_rest_reports_each_and_exits_with_some_inputs_failed()
    {
        var result = Predict("--source", _temp.File("in"), "--json", _temp.File("out/p.json"), "--csv", _temp.File("out/p.csv"), "--save", _temp.File("out/png"));

        Assert.True(result.ExitCode == ExitCodes.SomeInputsFailed, result.ToString());
        Assert.Equal(2, ExitCodes.SomeInputsFailed);
        var skipped = result.StdErr.Split('\n').Where(l => l.StartsWith("skipped ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, skipped.Count);
        Assert.StartsWith($"skipped {_temp.File("in/c.jpg")}: ", skipped[0], StringComparison.Ordinal);
        Assert.StartsWith($"skipped {_temp.File("in/d.jpg")}: ", skipped[1], StringComparison.Ordinal);
        Assert.EndsWith("JPEG data ends before the image is complete", skipped[1], StringComparison.Ordinal);
        Assert.Contains("3 images predicted, 2 skipped (listed on stderr), 1 non-image file ignored", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("wrist 0.90", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("elbow 0.60, wrist 0.30", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("no findings", result.StdOut, StringComparison.Ordinal);

        var rows = DetectionPredictionsJson.Read(_temp.File("out/p.json"));
        Assert.Equal(["a.png", "b.jpg", "b.jpg"], rows.Select(r => r.Image));

        // The files say which images have no answer, with the reason stderr gave.
        using var json = JsonDocument.Parse(File.ReadAllText(_temp.File("out/p.json")));
        var errors = json.RootElement.EnumerateArray().Where(r => r.TryGetProperty("error", out _)).ToList();
        Assert.Equal(["c.jpg", "d.jpg"], errors.Select(r => r.GetProperty("image").GetString()));
        Assert.Equal(skipped.Select(l => l[(l.IndexOf(": ", StringComparison.Ordinal) + 2)..]), errors.Select(r => r.GetProperty("error").GetString()));
        var csv = File.ReadAllLines(_temp.File("out/p.csv"));
        Assert.Equal(1 + 3 + 2, csv.Length);
        Assert.Equal($"d.jpg,,,,,,,,,,,{skipped[1][(skipped[1].IndexOf(": ", StringComparison.Ordinal) + 2)..]}", csv[^1]);
        Assert.Equal(["a.png", "b.png", "e.png"], Directory.GetFiles(_temp.File("out/png")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.True(_predictor.Disposed);
    }

    [Fact]
    public void Predictions_json_reads_back_exactly_through_the_eval_detect_reader()
    {
        var result = Predict("--source", _temp.File("in/b.jpg"), "--json", _temp.File("p.json"));

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Equal(
            [
                new DetectionPrediction("b.jpg", 0, 0.6, new PixelBox(10, 5, 30, 25)),
                new DetectionPrediction("b.jpg", 2, 0.3, new PixelBox(0, 0, 5, 5)),
            ],
            DetectionPredictionsJson.Read(_temp.File("p.json")));
        using var json = JsonDocument.Parse(File.ReadAllText(_temp.File("p.json")));
        Assert.Equal(["elbow", "wrist"], json.RootElement.EnumerateArray().Select(r => r.GetProperty("name").GetString()));
    }

    /// <summary>
    /// Ground truth: one wrist box [4,3,20,15] on a.png (pixels of the 40x30 image: label 0.3 0.3 0.4 0.4) and none on
    /// b.jpg. Predict's file holds wrist 0.9 on a.png (exact: TP) and, from b.jpg, elbow 0.6 and wrist 0.3 (FPs). Wrist:
    /// TP first, so precision 1 up to recall 1: AP 1 at every IoU. Elbow has no ground truth: AP undefined, left out.
    /// With the wrist FP ranked above the TP instead (b.jpg's wrist at 0.95), precision at recall 1 is 1/2: AP 0.5.
    /// </summary>
    [Theory]
    [InlineData(0.3, 1.0)]
    [InlineData(0.95, 0.5)]
    public void Eval_detect_scores_predict_s_json_file(double falseWristScore, double expectedMap)
    {
        _temp.Write("data/data.yaml", "train: train/images\nnames: [elbow, fingers, wrist]\n");
        File.Copy(_temp.File("in/a.png"), _temp.File("data/train/images/a.png"));
        File.Copy(_temp.File("in/b.jpg"), _temp.File("data/train/images/b.jpg"));
        _temp.Write("data/train/labels/a.txt", "2 0.3 0.3 0.4 0.4\n");
        var predictor = new FakePredictor(FakePredictor.Detector(Names), image => image.Width == 50
            ? Detection(image, new Finding(0, "elbow", 0.6, new PixelBox(10, 5, 30, 25)), new Finding(2, "wrist", falseWristScore, new PixelBox(0, 0, 5, 5)))
            : Answer(image));
        var predictions = _temp.File("p.json");

        var predicted = InProcessPredict.Run((_, _) => predictor, _temp.Path, "--model", Model(), "--source", "data/train/images", "--json", "p.json");
        var scored = CliRunner.Run("eval", "detect", "--data", _temp.File("data/data.yaml"), "--split", "train", "--predictions", predictions, "--json", _temp.File("m.json"));

        Assert.True(predicted.ExitCode == ExitCodes.Ok, predicted.ToString());
        Assert.True(scored.ExitCode == ExitCodes.Ok, scored.ToString());
        using var metrics = JsonDocument.Parse(File.ReadAllText(_temp.File("m.json")));
        Assert.Equal(expectedMap, metrics.RootElement.GetProperty("map50").GetDouble(), 1e-9);
        Assert.Equal(expectedMap, metrics.RootElement.GetProperty("map50_95").GetDouble(), 1e-9);
        Assert.Equal(2, metrics.RootElement.GetProperty("images").GetInt32());
    }

    [Fact]
    public void Csv_quotes_awkward_file_names_and_carries_a_classifier_s_fracture_probability()
    {
        ImageFiles.Write(_temp.File("odd/x, \"y\".png"), 40, 30);
        var metadata = new ModelMetadata { Task = ModelTask.Classify, Names = ["no fracture", "wrist"], InputHeight = 64, InputWidth = 64, NegativeClass = 0, Threshold = 0.6 };
        var classifier = new FakePredictor(metadata, image => new ImagePrediction(ModelTask.Classify, image.Width, image.Height, [], new ClassScores([0.27, 0.73], 1, "wrist", 0.73, 0.73, true)));

        var result = InProcessPredict.Run((_, _) => classifier, _temp.Path, "--model", Model(), "--source", "odd", "--csv", "out.csv", "--json", "out.json");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Equal(
            "image,task,class,name,score,x1,y1,x2,y2,fracture_probability,polygon,error\r\n\"x, \"\"y\"\".png\",classify,1,wrist,0.73,,,,,0.73,,\r\n",
            File.ReadAllText(_temp.File("out.csv")));
        Assert.Contains("wrist 0.73; fracture p=0.73 (threshold 0.60)", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("fracture called in 1 of 1 images", result.StdOut, StringComparison.Ordinal);
        Assert.Empty(DetectionPredictionsJson.Read(_temp.File("out.json")));
    }

    [Fact]
    public void A_classifiers_rows_show_the_threshold_conf_set_not_the_models()
    {
        ImageFiles.Write(_temp.File("conf/a.png"), 40, 30);
        var metadata = new ModelMetadata { Task = ModelTask.Classify, Names = ["no fracture", "wrist"], InputHeight = 64, InputWidth = 64, NegativeClass = 0, Threshold = 0.6 };
        var classifier = new FakePredictor(metadata, image => new ImagePrediction(ModelTask.Classify, image.Width, image.Height, [], new ClassScores([0.55, 0.45], 0, "no fracture", 0.55, 0.45, true)));

        var result = InProcessPredict.Run((_, _) => classifier, _temp.Path, "--model", Model(), "--source", "conf", "--conf", "0.3");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("fracture p=0.45 (threshold 0.30)", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("threshold 0.60 (--conf 0.30 used instead)", result.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("(threshold 0.60)", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_writes_annotated_pngs_beside_the_inputs_without_overwriting_any()
    {
        var original = File.ReadAllBytes(_temp.File("in/a.png"));

        var result = Predict("--source", _temp.File("in"), "--save", _temp.File("in"));

        Assert.True(result.ExitCode == ExitCodes.SomeInputsFailed, result.ToString());
        Assert.Equal(original, File.ReadAllBytes(_temp.File("in/a.png")));
        using var annotated = SKBitmap.Decode(_temp.File("in/a.png.png"));
        Assert.Equal((40, 30), (annotated.Width, annotated.Height));

        // The file is the renderer's drawing of a.png's answer (the renderer's own tests check what it draws).
        var input = ImageDecoder.Decode(_temp.File("in/a.png"));
        using var expected = SKBitmap.Decode(PredictionRenderer.RenderPng(input, Answer(input)));
        Assert.Equal(expected.Pixels, annotated.Pixels);
        using var plain = SKBitmap.Decode(original);
        Assert.NotEqual(plain.Pixels, annotated.Pixels);
        Assert.True(File.Exists(_temp.File("in/b.png")));
        Assert.True(File.Exists(_temp.File("in/e.png")));
        Assert.Contains("3 annotated images written to", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_never_overwrites_a_file_it_did_not_write_and_replaces_its_own_earlier_output()
    {
        ImageFiles.Write(_temp.File("mixed/a.jpg"), 40, 30);
        ImageFiles.Write(_temp.File("mixed/a.png"), 70, 20); // the user's own image beside it, not an input of the run
        var users = File.ReadAllBytes(_temp.File("mixed/a.png"));

        var first = Predict("--source", _temp.File("mixed/a.jpg"), "--save", _temp.File("mixed"));
        var second = Predict("--source", _temp.File("mixed/a.jpg"), "--save", _temp.File("mixed"));

        Assert.True(first.ExitCode == ExitCodes.Ok && second.ExitCode == ExitCodes.Ok, first + second.ToString());
        Assert.Equal(users, File.ReadAllBytes(_temp.File("mixed/a.png")));
        Assert.Equal(["a.jpg", "a.jpg.png", "a.png"], Directory.GetFiles(_temp.File("mixed")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.True(global::Fracture.Cli.Predict.SaveNames.OutputMark(_temp.File("mixed/a.jpg.png")));
        Assert.False(global::Fracture.Cli.Predict.SaveNames.OutputMark(_temp.File("mixed/a.png")));
    }

    [Fact]
    public void A_rerun_that_saves_into_its_source_folder_predicts_the_same_images_not_its_own_drawings()
    {
        var first = Predict("--source", _temp.File("in"), "--save", _temp.File("in"), "--json", _temp.File("p1.json"));
        var second = Predict("--source", _temp.File("in"), "--save", _temp.File("in"), "--json", _temp.File("p2.json"));

        Assert.Contains("3 images predicted", first.StdOut, StringComparison.Ordinal);
        Assert.Contains("3 images predicted", second.StdOut, StringComparison.Ordinal);
        Assert.Contains("3 annotated PNGs of an earlier --save left out", second.StdOut, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(_temp.File("p1.json")), File.ReadAllText(_temp.File("p2.json")));
        Assert.Equal(
            ["a.png", "a.png.png", "b.jpg", "b.png", "c.jpg", "d.jpg", "e.bmp", "e.png", "notes.txt"],
            Directory.GetFiles(_temp.File("in")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_recursive_folder_is_walked_without_following_a_link_back_up()
    {
        ImageFiles.Write(_temp.File("in/sub/f.png"), 40, 30);
        Directory.CreateSymbolicLink(_temp.File("in/sub/up"), _temp.File("in"));

        var sources = global::Fracture.Cli.Predict.ImageSources.Resolve(_temp.File("in"), recursive: true, _temp.Path);

        Assert.Equal(
            ["a.png", "b.jpg", "c.jpg", "d.jpg", "e.bmp", "sub/f.png"],
            sources.Files.Select(f => Path.GetRelativePath(_temp.File("in"), f)));
    }

    [Fact]
    public void Save_names_compare_case_blind_so_a_case_insensitive_mount_cannot_map_an_output_onto_an_input()
    {
        var planned = global::Fracture.Cli.Predict.SaveNames.Plan([_temp.File("s/SCAN.PNG")], _temp.File("s"));

        Assert.Equal(_temp.File("s/SCAN.PNG.png"), planned[0]);
    }

    [Fact]
    public void A_save_path_that_is_a_file_stops_the_run_before_any_prediction()
    {
        _temp.Write("out.png", "a file, not a folder");

        var result = Predict("--source", _temp.File("in"), "--save", _temp.File("out.png"));

        Assert.True(result.ExitCode == ExitCodes.BadInput, result.ToString());
        Assert.Contains("--save", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("is a file; give a folder", result.StdErr, StringComparison.Ordinal);
        Assert.Empty(_predictor.Calls);
        Assert.Equal("a file, not a folder", File.ReadAllText(_temp.File("out.png")));
    }

    [Fact]
    public void A_folder_where_an_output_would_go_is_passed_over_like_a_file()
    {
        Directory.CreateDirectory(_temp.File("save/a.png"));

        var result = Predict("--source", _temp.File("in"), "--save", _temp.File("save"));

        Assert.True(result.ExitCode == ExitCodes.SomeInputsFailed, result.ToString());
        Assert.True(Directory.Exists(_temp.File("save/a.png")));
        Assert.True(File.Exists(_temp.File("save/a.png.png")));
    }

    [Fact]
    public void An_annotated_png_that_cannot_be_written_stops_the_saving_but_the_json_holds_every_prediction()
    {
        // The first prediction puts a folder where b.jpg's PNG is planned (as a full disk or a vanished mount would
        // fail the write): the run goes on, and the JSON is still written.
        var predictor = new FakePredictor(FakePredictor.Detector(Names), image =>
        {
            Directory.CreateDirectory(_temp.File("save/b.png"));
            return Answer(image);
        });

        var result = InProcessPredict.Run((_, _) => predictor, _temp.Path, "--model", Model(), "--source", "in", "--save", "save", "--json", "p.json", "--batch", "1");

        Assert.True(result.ExitCode == ExitCodes.SomeInputsFailed, result.ToString());
        Assert.Contains("annotated PNGs stopped at", result.StdErr, StringComparison.Ordinal);
        Assert.Equal(["a.png", "b.jpg", "b.jpg"], DetectionPredictionsJson.Read(_temp.File("p.json")).Select(r => r.Image));
        Assert.True(File.Exists(_temp.File("save/a.png")));
        Assert.False(File.Exists(_temp.File("save/e.png")));
    }

    [Fact]
    public void Outputs_that_cannot_be_written_stop_the_run_before_any_prediction()
    {
        Directory.CreateDirectory(_temp.File("out-folder"));

        var folder = Predict("--source", _temp.File("in"), "--json", _temp.File("out-folder"));
        var same = Predict("--source", _temp.File("in"), "--json", _temp.File("p.out"), "--csv", _temp.File("p.out"));

        Assert.True(folder.ExitCode == ExitCodes.BadInput, folder.ToString());
        Assert.Contains("is a folder; give a file name", folder.StdErr, StringComparison.Ordinal);
        Assert.True(same.ExitCode == ExitCodes.BadInput, same.ToString());
        Assert.Contains("--json and --csv name the same file", same.StdErr, StringComparison.Ordinal);
        Assert.Empty(_predictor.Calls);
    }

    [Fact]
    public void Glob_source_takes_the_matching_images_from_every_folder_level()
    {
        ImageFiles.Write(_temp.File("scans/x/p1.jpg"), 40, 30);
        ImageFiles.Write(_temp.File("scans/y/z/p2.png"), 50, 30);
        ImageFiles.Write(_temp.File("scans/p0.jpg"), 40, 30);
        ImageFiles.Write(_temp.File("elsewhere/p3.jpg"), 40, 30);
        _temp.Write("scans/y/readme.txt", "text");

        var result = InProcessPredict.Run((_, _) => _predictor, _temp.Path, "--model", Model(), "--source", "scans/**/p?.*", "--json", "p.json");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Equal(["p0.jpg", "p1.jpg", "p2.png", "p2.png"], DetectionPredictionsJson.Read(_temp.File("p.json")).Select(r => r.Image));
    }

    [Fact]
    public void Batches_are_filled_and_options_reach_the_predictor()
    {
        ImageFiles.Write(_temp.File("three/1.png"), 40, 30);
        ImageFiles.Write(_temp.File("three/2.png"), 50, 30);
        ImageFiles.Write(_temp.File("three/3.png"), 40, 30);

        var result = Predict("--source", _temp.File("three"), "--batch", "2", "--conf", "0.4", "--iou", "0.5", "--max-det", "7", "--threads", "3");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Equal([2, 1], _predictor.Calls);
        Assert.All(_predictor.Settings, s => Assert.Equal(new PredictSettings { Confidence = 0.4, Iou = 0.5, MaxDetections = 7 }, s));
        Assert.Equal(3, _openedWith!.IntraOpThreads);
    }

    [Fact]
    public void An_image_the_model_refuses_costs_only_itself_when_its_batch_is_retried_one_by_one()
    {
        ImageFiles.Write(_temp.File("mixed/1.png"), 40, 30);
        ImageFiles.Write(_temp.File("mixed/2.png"), 33, 33);
        ImageFiles.Write(_temp.File("mixed/3.png"), 50, 30);
        var picky = new FakePredictor(FakePredictor.Detector(Names), image => image.Width == 33 ? throw new FractureException("2.png: the model refuses 33 px") : Answer(image));

        var result = InProcessPredict.Run((_, _) => picky, _temp.Path, "--model", Model(), "--source", "mixed", "--batch", "3", "--json", "p.json");

        Assert.True(result.ExitCode == ExitCodes.SomeInputsFailed, result.ToString());
        Assert.Contains($"skipped {_temp.File("mixed/2.png")}: the model refuses 33 px", result.StdErr, StringComparison.Ordinal);
        Assert.Equal(["1.png", "3.png", "3.png"], DetectionPredictionsJson.Read(_temp.File("p.json")).Select(r => r.Image));
    }

    [Fact]
    public void A_bad_model_is_one_error_line_and_exit_1()
    {
        var result = InProcessPredict.Run((path, _) => throw new ModelFormatException(path, "not an ONNX model"), _temp.Path, "--model", Model(), "--source", "in");

        Assert.True(result.ExitCode == ExitCodes.BadInput, result.ToString());
        Assert.Equal($"error: {Model()}: not an ONNX model", result.StdErr.Trim());
    }

    [Theory]
    [InlineData("missing.onnx", "in", "", "error: model not found: ")]
    [InlineData("model.onnx", "nowhere", "", "error: source not found: nowhere is no file, folder or glob pattern")]
    [InlineData("model.onnx", "nowhere/*.jpg", "", "error: no image files (.jpg, .jpeg, .png, .bmp, .webp, .tif, .tiff, .dcm) in pattern nowhere/*.jpg")]
    [InlineData("model.onnx", "in/*.txt", "", "error: no image files (.jpg, .jpeg, .png, .bmp, .webp, .tif, .tiff, .dcm) in pattern in/*.txt")]
    [InlineData("model.onnx", "in", "--conf 1.5", "error: --conf must be in 0..1 (got 1.5)")]
    [InlineData("model.onnx", "in", "--iou 1.01", "error: --iou must be in 0..1 (got 1.01)")]
    [InlineData("model.onnx", "in", "--batch 0", "error: --max-det and --batch must be at least 1 (got 300, 0)")]
    [InlineData("model.onnx", "in", "--threads -1", "error: --threads must be 0 (ONNX Runtime chooses) or more (got -1)")]
    [InlineData("model.onnx", "in", "--threads 1000", "error: --threads must be at most 256 (got 1000)")]
    public void Bad_arguments_are_one_error_line_before_any_model_is_opened(string model, string source, string extra, string expected)
    {
        Model();
        string[] args = ["--model", model, "--source", source, .. extra.Split(' ', StringSplitOptions.RemoveEmptyEntries)];
        var opened = false;

        var result = InProcessPredict.Run((_, _) => { opened = true; return _predictor; }, _temp.Path, args);

        Assert.True(result.ExitCode == ExitCodes.BadInput, result.ToString());
        Assert.StartsWith(expected, result.StdErr.Trim(), StringComparison.Ordinal);
        Assert.Single(result.StdErr.Trim().Split('\n'));
        Assert.False(opened);
    }

    private static ImagePrediction Answer(DecodedImage image) => image.Width switch
    {
        40 => Detection(image, new Finding(2, "wrist", 0.9, new PixelBox(4, 3, 20, 15))),
        50 => Detection(image, new Finding(0, "elbow", 0.6, new PixelBox(10, 5, 30, 25)), new Finding(2, "wrist", 0.3, new PixelBox(0, 0, 5, 5))),
        _ => Detection(image),
    };

    private static ImagePrediction Detection(DecodedImage image, params Finding[] findings) =>
        new(ModelTask.Detect, image.Width, image.Height, findings);

    private static void WriteBmp(string path, int width, int height)
    {
        // Skia encodes no BMP, so the 24-bit file is written by hand: 54-byte header, bottom-up rows padded to 4 bytes.
        var stride = ((width * 3) + 3) & ~3;
        var bytes = new byte[54 + (stride * height)];
        "BM"u8.CopyTo(bytes);
        BitConverter.TryWriteBytes(bytes.AsSpan(2), bytes.Length);
        BitConverter.TryWriteBytes(bytes.AsSpan(10), 54);
        BitConverter.TryWriteBytes(bytes.AsSpan(14), 40);
        BitConverter.TryWriteBytes(bytes.AsSpan(18), width);
        BitConverter.TryWriteBytes(bytes.AsSpan(22), height);
        BitConverter.TryWriteBytes(bytes.AsSpan(26), (short)1);
        BitConverter.TryWriteBytes(bytes.AsSpan(28), (short)24);
        for (var i = 54; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(i % 200); // a pattern: a uniform image is refused as blank
        }

        File.WriteAllBytes(path, bytes);
    }

    private string Model() => _temp.Write("model.onnx", "stand-in: the fake predictor never reads it");

    private CliResult Predict(params string[] args) =>
        InProcessPredict.Run(
            (_, options) =>
            {
                _openedWith = options;
                return _predictor;
            },
            _temp.Path,
            ["--model", Model(), .. args]);
}
