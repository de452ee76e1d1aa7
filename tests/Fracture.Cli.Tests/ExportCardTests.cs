using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Fracture.Cli.Tests.Support;

namespace Fracture.Cli.Tests;

/// <summary>`fracture export --card`: the card beside the file holds the run's own figures and the file's facts, copied, not typed.</summary>
public sealed class ExportCardTests(TinyClassifier tiny) : IClassFixture<TinyClassifier>, IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_card_copies_the_runs_validation_and_the_files_size_and_hash()
    {
        var model = _temp.File("models/tiny.onnx");

        var result = CliRunner.Run("export", "--weights", Path.Combine(tiny.Run, "best"), "--out", model, "--precision", "int8", "--threshold", "0.4", "--card");

        Assert.True(result.ExitCode == 0, result.ToString());
        var (jsonPath, markdownPath) = (_temp.File("models/tiny.card.json"), _temp.File("models/tiny.card.md"));
        Assert.Contains($"model card written to {jsonPath} and {markdownPath}", result.StdOut.Replace("\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        var card = JsonNode.Parse(File.ReadAllText(jsonPath))!.AsObject();
        var bestVal = JsonNode.Parse(File.ReadAllText(Path.Combine(tiny.Run, "best-val.json")))!.AsObject();

        Assert.Equal("tiny", (string?)card["name"]);
        Assert.Equal("classify", (string?)card["task"]);
        Assert.Equal("no fracture", (string?)card["classes"]![0]);
        Assert.True(JsonNode.DeepEquals(bestVal, card["evaluation"]!["val (the training run's validation of this checkpoint)"]));
        Assert.Equal((int)bestVal["epoch"]!, (int)card["training"]!["checkpointEpoch"]!);
        Assert.Equal(1, (int)card["training"]!["epochs"]!);
        Assert.Equal(RepoPaths.FixtureYaml, (string?)card["training"]!["data"]);
        Assert.Equal(64, (int)card["training"]!["options"]!["imageSize"]!);
        Assert.Equal(new FileInfo(model).Length, (long)card["modelFile"]!["bytes"]!);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(model))), (string?)card["modelFile"]!["sha256"]);
        Assert.Equal("int8", (string?)card["modelFile"]!["precision"]);
        Assert.Equal(0.4, (double)card["prediction"]!["threshold"]!);

        var markdown = File.ReadAllText(markdownPath);
        var accuracy = ((double)bestVal["accuracy"]!).ToString("0.000", System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith("# Model card: tiny (", markdown, StringComparison.Ordinal);
        Assert.Contains($"| accuracy | {accuracy} |", markdown, StringComparison.Ordinal);
        Assert.Contains("Fracture present: AUC ", markdown, StringComparison.Ordinal);
        Assert.Contains("| no fracture | ", markdown, StringComparison.Ordinal);
        Assert.Matches(@"## Learning curve \(training losses, val figures\)\n\n\| epoch \| [^\n]+\n\|[-|]+\n\| 1 \| ", markdown);
        Assert.Contains($"fracture val classify --model {model} --data DATA.yaml --split test", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cards_val_command_quotes_a_path_with_a_space_so_it_runs_as_pasted()
    {
        var model = _temp.File("my models/tiny's model.onnx");

        var result = CliRunner.Run("export", "--weights", Path.Combine(tiny.Run, "best"), "--out", model, "--card");

        Assert.True(result.ExitCode == 0, result.ToString());
        var markdown = File.ReadAllText(_temp.File("my models/tiny's model.card.md"));
        var quoted = "'" + model.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
        Assert.Contains($"`fracture val classify --model {quoted} --data DATA.yaml --split test`", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_card_no_card_is_written()
    {
        var model = _temp.File("plain.onnx");

        var result = CliRunner.Run("export", "--weights", Path.Combine(tiny.Run, "best"), "--out", model);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["plain.onnx"], Directory.GetFiles(_temp.Path).Select(Path.GetFileName));
    }
}
