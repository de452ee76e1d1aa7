using System.CommandLine;

namespace Fracture.Cli.Commands;

/// <summary>The options every `fracture val &lt;task&gt;` shares: the weights, the dataset split to score, the JSON file, the batch.</summary>
internal sealed class ValOptionSet
{
    public ValOptionSet(string jsonDescription)
    {
        Data.Required = false;
        Data.Description = "data.yaml to score on (default: the one the run trained on).";
        Profile.Description = "Class profile (default: the run's).";
        Json = new Option<FileInfo?>("--json") { Description = jsonDescription };
    }

    public Option<string> Weights { get; } = new("--weights") { Description = "Checkpoint (RUN/weights/best.ckpt), RUN/best, RUN/last or run folder.", Required = true };

    public Option<FileInfo> Data { get; } = DatasetCommands.DataOption();

    public Option<FileInfo?> Profile { get; } = DatasetCommands.ProfileOption();

    public Option<string> Split { get; } = new("--split") { Description = "train, val (valid) or test.", DefaultValueFactory = _ => "val" };

    public Option<FileInfo?> Json { get; }

    public Option<int> Batch { get; } = new("--batch") { Description = "Images per batch.", DefaultValueFactory = _ => 16 };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Weights, Data, Profile, Split, Json, Batch })
        {
            command.Options.Add(option);
        }
    }
}
