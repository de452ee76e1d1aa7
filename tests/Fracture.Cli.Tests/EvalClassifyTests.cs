using System.Text.Json;
using Fracture.Cli.Tests.Support;

namespace Fracture.Cli.Tests;

/// <summary>
/// `fracture eval classify` and `eval compare` on classifiers' answers, worked by hand on four images: one.png holds a
/// class-a fracture, two.png a class-b one, three.png and four.png none (classifier classes: no fracture, a, b).
/// The baseline gets one.png and three.png right and scores the fractures 0.9 and 0.3 against the clear images' 0.2
/// and 0.6; the candidate gets everything right with every fracture scored above every clear image.
/// </summary>
public sealed class EvalClassifyTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public EvalClassifyTests()
    {
        _temp.Write("data.yaml", "val: val/images\nnames: [a, b]\n");
        foreach (var name in new[] { "one", "two", "three", "four" })
        {
            ImageFiles.Write(_temp.File($"val/images/{name}.png"), 100, 100);
        }

        _temp.Write("val/labels/one.txt", "0 0.5 0.5 0.2 0.2\n");
        _temp.Write("val/labels/two.txt", "1 0.5 0.5 0.2 0.2\n");
        _temp.Write("baseline.json", Answers(("one", 1, 0.9), ("two", 0, 0.3), ("three", 0, 0.2), ("four", 1, 0.6)));
        _temp.Write("candidate.json", Answers(("one", 1, 0.9), ("two", 2, 0.8), ("three", 0, 0.1), ("four", 0, 0.2)));
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_classifiers_answers_score_as_worked_by_hand()
    {
        var output = _temp.File("metrics.json");

        var result = CliRunner.Run(
            "eval", "classify", "--data", _temp.File("data.yaml"), "--split", "val", "--predictions", _temp.File("baseline.json"), "--threshold", "0.5", "--json", output);

        // Accuracy 2/4. F1: no fracture P 1/2 R 1/2 -> 1/2 (2 images); a P 1/2 R 1 -> 2/3 (1); b 0 (1): weighted
        // (1 + 2/3) / 4, macro (1/2 + 2/3) / 3. AUC: of the 4 (fracture, clear) pairs only (0.3, 0.6) is misordered: 3/4.
        // At 0.5: one of two fractures called (sensitivity 1/2), one of two clear images cleared (specificity 1/2).
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("accuracy 0.500  macro F1 0.389  weighted F1 0.417", result.StdOut, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(output));
        var root = json.RootElement;
        Assert.Equal(0.5, root.GetProperty("accuracy").GetDouble(), 6);
        Assert.Equal((1 + (2.0 / 3)) / 4, root.GetProperty("weightedF1").GetDouble(), 6);
        Assert.Equal(((1.0 / 2) + (2.0 / 3)) / 3, root.GetProperty("macroF1").GetDouble(), 6);
        var present = root.GetProperty("fracturePresent");
        Assert.Equal(0.75, present.GetProperty("auc").GetDouble(), 6);
        Assert.Equal(0.5, present.GetProperty("sensitivity").GetDouble(), 6);
        Assert.Equal(0.5, present.GetProperty("specificity").GetDouble(), 6);
        Assert.Equal(4, root.GetProperty("images").GetInt32());
    }

    [Fact]
    public void Two_classifiers_compare_by_a_paired_bootstrap()
    {
        var output = _temp.File("compare.json");

        var result = CliRunner.Run(
            "eval", "compare", "--data", _temp.File("data.yaml"), "--split", "val", "--baseline", _temp.File("baseline.json"),
            "--candidate", _temp.File("candidate.json"), "--resamples", "4000", "--json", output);

        // The candidate is right on every image, so its accuracy is 1 in every resample; the baseline's is 1 only
        // when all four draws are one.png or three.png, (1/2)^4 = 1/16 of resamples: the candidate is higher in 15/16.
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("4 images, 4000 paired resamples (seed 0); 95 % intervals", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("fracture-present AUC", result.StdOut, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(output));
        Assert.Equal("classify", json.RootElement.GetProperty("task").GetString());
        var comparison = json.RootElement.GetProperty("comparison");
        Assert.Equal(0.5, comparison.GetProperty("difference").GetProperty("accuracy").GetProperty("estimate").GetDouble(), 9);
        Assert.Equal(0.25, comparison.GetProperty("difference").GetProperty("auc").GetProperty("estimate").GetDouble(), 9);
        Assert.Equal(1, comparison.GetProperty("candidate").GetProperty("accuracy").GetProperty("lower").GetDouble(), 9);
        Assert.InRange(comparison.GetProperty("shareCandidateHigher").GetProperty("accuracy").GetDouble(), 0.92, 0.955);
    }

    [Fact]
    public void An_image_the_run_could_not_read_is_left_out_with_a_warning()
    {
        _temp.Write("failed.json", Answers(("one", 1, 0.9), ("three", 0, 0.2), ("four", 1, 0.6)).TrimEnd().TrimEnd(']') + """, {"image": "two.png", "error": "truncated"}]""");

        var result = CliRunner.Run("eval", "classify", "--data", _temp.File("data.yaml"), "--split", "val", "--predictions", _temp.File("failed.json"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("1 images of the split have no answer in failed.json (1 of them marked as failed by the run), e.g. two.png; they are left out", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("(3 images, loss -)", result.StdOut, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[{"image": "one.png", "class": 0, "score": 0.9, "box": [1, 1, 5, 5]}]""",
        "error: --predictions wrong.json holds a detector's or segmenter's findings (1 rows with boxes), no classifier's answers; `fracture eval detect` scores those")]
    [InlineData("""[{"image": "one.png", "task": "classify", "class": 1, "name": "wrist fracture", "score": 0.9, "fractureProbability": 0.9}]""",
        "error: class 1 is 'wrist fracture' in wrong.json but 'a' for this dataset's classifier (1 class ids differ): scoring would mix the classes up; a class profile (--profile, e.g. profiles/bone-fracture-v4.json) maps the dataset's classes to the model's")]
    [InlineData("""[{"image": "one.png", "task": "classify", "class": 3, "score": 0.9, "fractureProbability": 0.9}]""",
        "error: the answer for one.png is class 3, but this dataset's classifier has classes 0..2 (no fracture first)")]
    public void Answers_that_would_be_scored_wrongly_are_refused(string json, string message)
    {
        _temp.Write("wrong.json", json);

        var result = CliRunner.Run("eval", "classify", "--data", _temp.File("data.yaml"), "--split", "val", "--predictions", _temp.File("wrong.json"));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(message, result.StdErr.Trim());
    }

    [Fact]
    public void A_classifiers_file_beside_a_detectors_is_refused_by_compare()
    {
        _temp.Write("detector.json", """[{"image": "one.png", "class": 0, "score": 0.9, "box": [1, 1, 5, 5]}]""");

        var result = CliRunner.Run(
            "eval", "compare", "--data", _temp.File("data.yaml"), "--split", "val", "--baseline", _temp.File("baseline.json"), "--candidate", _temp.File("detector.json"));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: --baseline holds a classifier's answers but --candidate a detector's or segmenter's findings; eval compare compares two of a kind", result.StdErr.Trim());
    }

    [Fact]
    public void A_classifiers_file_beside_one_without_any_answer_is_said_to_have_none_not_a_detectors_findings()
    {
        // A run that could read none of the images writes only error rows: no findings, and no answers either.
        _temp.Write("failed.json", """[{"image": "one.png", "error": "truncated"}]""");

        var result = CliRunner.Run(
            "eval", "compare", "--data", _temp.File("data.yaml"), "--split", "val", "--baseline", _temp.File("baseline.json"), "--candidate", _temp.File("failed.json"));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: --candidate failed.json holds no classifier's answers (`fracture predict --model CLASSIFIER.onnx --json FILE` writes them)", result.StdErr.Trim());
    }

    [Fact]
    public void The_shipped_classifiers_predict_output_scores_on_the_fixture_split()
    {
        var answers = _temp.File("shipped.json");
        var images = Path.Combine(RepoPaths.FixtureRoot, "valid", "images");
        var predict = CliRunner.Run("predict", "--model", Path.Combine(RepoPaths.RepoRoot, "models", "fracture-classifier.onnx"), "--source", images, "--json", answers);
        Assert.True(predict.ExitCode == 0, predict.ToString());

        var result = CliRunner.Run("eval", "classify", "--data", RepoPaths.FixtureYaml, "--profile", RepoPaths.Profile, "--split", "val", "--predictions", answers);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"({Directory.GetFiles(images).Length} images, loss -)", result.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("warning", result.StdOut, StringComparison.OrdinalIgnoreCase);
    }

    private static string Answers(params (string Image, int Class, double Fracture)[] rows) =>
        "[" + string.Join(",\n", rows.Select(r =>
            $$"""{"image": "{{r.Image}}.png", "task": "classify", "class": {{r.Class}}, "name": "{{new[] { "no fracture", "a", "b" }[r.Class]}}", "score": 0.5, "fractureProbability": {{r.Fracture.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}""")) + "]\n";
}
