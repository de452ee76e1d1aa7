using System.Text.Json;
using Fracture.Cli.Tests.Support;

namespace Fracture.Cli.Tests;

/// <summary>
/// `fracture eval detect` on a three-image dataset whose metrics are worked out by hand below.
/// <para>
/// Ground truth (names a, b, c; pixel boxes are the normalised labels times the image size, exact in binary):
/// img1.png 200x100: A1 = a box row [0,0,100,50]; B1 = b polygon row, triangle (0.5,0.5) (1,0.75) (0.75,1) whose
/// extent is [100,50,200,100]. img2.jpg 160x80: A2 = a [0,0,80,80]; B2 = b [80,40,160,80]. img3.png 64x64: no label file.
/// Class c has no ground truth anywhere.
/// </para>
/// <para>
/// Class a (2 instances), in score order: 0.9 on A1 (IoU 1, TP); 0.8 the same box again (duplicate, FP);
/// 0.7 [16,0,96,80] on A2 (IoU 64*80 / (96*80) = 2/3: TP at IoU 0.50..0.65, FP at 0.70..0.95); 0.6 on img3 (FP).
/// At 0.50..0.65: TP FP TP FP, recall .5 .5 1 1, precision 1 .5 2/3 .5, envelope 1 2/3 2/3 .5; the 101 recall
/// points 0..0.50 (51 of them) take 1, the 50 points 0.51..1 take 2/3: AP = (51 + 50*2/3) / 101 = 253/303.
/// At 0.70..0.95: TP FP FP FP, recall stays .5: 51 points take 1, the rest 0: AP = 51/101.
/// AP50(a) = 253/303; AP50-95(a) = (4 * 253/303 + 6 * 51/101) / 10 = 1930/3030 = 193/303.
/// </para>
/// <para>
/// Class b (2 instances): 0.95 [0,0,40,40] on img2 (IoU 0 with B2: FP); 0.85 on B1 (IoU 1: TP, the polygon's
/// extent is the box); 0.5 on B2 (IoU 1: TP). Recall 0 .5 1, precision 0 .5 2/3, envelope 2/3 throughout:
/// AP = 2/3 at every threshold.
/// </para>
/// <para>
/// Class c: one prediction (0.99), no ground truth: AP undefined (null) and left out of the means.
/// A prediction on ghost.png (not in the split) is ignored with a warning.
/// mAP50 = (253/303 + 2/3) / 2 = 455/606; mAP50-95 = (193/303 + 2/3) / 2 = 395/606.
/// </para>
/// <para>
/// Best-F1 confidence (IoU 0.5, classes a and b): mean F1 is 0 at 0.95, 1/3 at 0.9, 7/12 at 0.85, 1/2 at 0.8,
/// 0.65 at 0.7, 7/12 at 0.6 and 11/15 at 0.5 (a: P 2/4, R 1, F1 2/3; b: P 2/3, R 1, F1 4/5), so the threshold is 0.5
/// with P = (1/2 + 2/3) / 2 = 7/12, R = 1, F1 = 11/15.
/// </para>
/// <para>
/// Confusion (score >= 0.25, class-agnostic IoU > 0.45; rows actual a b c background, columns predicted):
/// img1: A1-a, B1-b, the duplicate a and the c box (touching A1 and B1 only at an edge) are background;
/// img2: B2-b (IoU 1) and A2-a (IoU 2/3); [0,0,40,40] has IoU 1/4 with A2, so background; img3: the a box is background.
/// </para>
/// </summary>
public sealed class EvalDetectHandWorkedTests : IDisposable
{
    private const double Tolerance = 1e-6;

    private const string Predictions = """
        [
          {"image": "img1.png", "class": 2, "score": 0.99, "box": [100, 0, 200, 50]},
          {"image": "img2.jpg", "class": 1, "score": 0.95, "box": [0, 0, 40, 40]},
          {"image": "img1.png", "class": 0, "score": 0.9, "box": [0, 0, 100, 50]},
          {"image": "img1.png", "class": 1, "score": 0.85, "box": [100, 50, 200, 100]},
          {"image": "img1.png", "class": 0, "score": 0.8, "box": [0, 0, 100, 50]},
          {"image": "img2.jpg", "class": 0, "score": 0.7, "box": [16, 0, 96, 80]},
          {"image": "img3.png", "class": 0, "score": 0.6, "box": [0, 0, 32, 32]},
          {"image": "img2.jpg", "class": 1, "score": 0.5, "box": [80, 40, 160, 80]},
          {"image": "ghost.png", "class": 0, "score": 0.4, "box": [0, 0, 10, 10]}
        ]
        """;

    private readonly TempFolder _temp = new();

    public EvalDetectHandWorkedTests()
    {
        _temp.Write("data.yaml", "train: train/images\nnames: [a, b, c]\n");
        ImageFiles.Write(_temp.File("train/images/img1.png"), 200, 100);
        ImageFiles.Write(_temp.File("train/images/img2.jpg"), 160, 80);
        ImageFiles.Write(_temp.File("train/images/img3.png"), 64, 64);
        _temp.Write("train/labels/img1.txt", "0 0.25 0.25 0.5 0.5\n1 0.5 0.5 1 0.75 0.75 1\n");
        _temp.Write("train/labels/img2.txt", "0 0.25 0.5 0.5 1\n1 0.75 0.75 0.5 0.5\n");
        _temp.Write("predictions.json", Predictions);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Metrics_match_the_hand_worked_coco_values()
    {
        var (result, json) = Evaluate();

        Assert.True(result.ExitCode == 0, result.ToString());
        var root = json;
        Assert.Equal(455.0 / 606, root.GetProperty("map50").GetDouble(), Tolerance);
        Assert.Equal(395.0 / 606, root.GetProperty("map50_95").GetDouble(), Tolerance);
        Assert.Equal(3, root.GetProperty("images").GetInt32());

        var perClass = root.GetProperty("perClass").EnumerateArray().ToList();
        Assert.Equal(["a", "b", "c"], perClass.Select(c => c.GetProperty("name").GetString()));
        Assert.Equal([0, 1, 2], perClass.Select(c => c.GetProperty("id").GetInt32()));

        Assert.Equal(253.0 / 303, perClass[0].GetProperty("ap50").GetDouble(), Tolerance);
        Assert.Equal(193.0 / 303, perClass[0].GetProperty("ap50_95").GetDouble(), Tolerance);
        Assert.Equal(2, perClass[0].GetProperty("instances").GetInt32());

        Assert.Equal(2.0 / 3, perClass[1].GetProperty("ap50").GetDouble(), Tolerance);
        Assert.Equal(2.0 / 3, perClass[1].GetProperty("ap50_95").GetDouble(), Tolerance);
        Assert.Equal(2, perClass[1].GetProperty("instances").GetInt32());

        Assert.Equal(JsonValueKind.Null, perClass[2].GetProperty("ap50").ValueKind);
        Assert.Equal(JsonValueKind.Null, perClass[2].GetProperty("ap50_95").ValueKind);
        Assert.Equal(0, perClass[2].GetProperty("instances").GetInt32());
    }

    [Fact]
    public void Precision_and_recall_are_taken_at_the_best_f1_confidence()
    {
        var (result, json) = Evaluate();

        Assert.True(result.ExitCode == 0, result.ToString());
        var root = json;
        Assert.Equal(0.5, root.GetProperty("confidence").GetDouble(), Tolerance);
        Assert.Equal(7.0 / 12, root.GetProperty("precision").GetDouble(), Tolerance);
        Assert.Equal(1.0, root.GetProperty("recall").GetDouble(), Tolerance);
        Assert.Equal(11.0 / 15, root.GetProperty("f1").GetDouble(), Tolerance);

        var perClass = root.GetProperty("perClass").EnumerateArray().ToList();
        Assert.Equal(0.5, perClass[0].GetProperty("precision").GetDouble(), Tolerance);
        Assert.Equal(1.0, perClass[0].GetProperty("recall").GetDouble(), Tolerance);
        Assert.Equal(2.0 / 3, perClass[1].GetProperty("precision").GetDouble(), Tolerance);
        Assert.Equal(1.0, perClass[1].GetProperty("recall").GetDouble(), Tolerance);
        Assert.Equal(JsonValueKind.Null, perClass[2].GetProperty("precision").ValueKind);
    }

    [Fact]
    public void Confusion_matrix_pairs_boxes_across_classes()
    {
        var (result, json) = Evaluate();

        Assert.True(result.ExitCode == 0, result.ToString());
        var confusion = json.GetProperty("confusion");
        Assert.Equal(["a", "b", "c", "background"], confusion.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        int[][] expected =
        [
            [2, 0, 0, 0],
            [0, 2, 0, 0],
            [0, 0, 0, 0],
            [2, 1, 1, 0],
        ];
        var actual = confusion.GetProperty("matrix").EnumerateArray()
            .Select(row => row.EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToArray();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Console_shows_the_summary_and_warns_about_unknown_images()
    {
        var (result, _) = Evaluate();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("mAP50 0.751  mAP50-95 0.652", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("1 predictions on 1 images that are not in the split were ignored", result.StdOut, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.StdErr);
    }

    private (CliResult Result, JsonElement Json) Evaluate()
    {
        var output = _temp.File("out/metrics.json");
        var result = CliRunner.Run(
            "eval", "detect", "--data", _temp.File("data.yaml"), "--split", "train", "--predictions", _temp.File("predictions.json"), "--json", output);
        Assert.True(File.Exists(output), result.ToString());
        using var document = JsonDocument.Parse(File.ReadAllText(output));
        return (result, document.RootElement.Clone());
    }
}
