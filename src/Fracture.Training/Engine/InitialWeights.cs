using Fracture.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace Fracture.Training.Engine;

/// <summary>
/// Starts a new run from another run's weights where names and shapes agree (e.g. a segmenter from a trained
/// detector: backbone, neck and head carry over, the mask branches start fresh), as Ultralytics' "pretrained" does.
/// </summary>
public static class InitialWeights
{
    /// <param name="weights">A checkpoint file, a run folder (its best checkpoint), or RUN/best and RUN/last.</param>
    /// <returns>A line for the run log: which checkpoint, and how many of the network's tensors it set.</returns>
    /// <exception cref="CheckpointException">Not a checkpoint, no tensor in common, or a common tensor of another shape.</exception>
    public static string Load(nn.Module model, string weights)
    {
        ArgumentNullException.ThrowIfNull(model);
        var path = TrainedWeights.ResolveCheckpoint(weights);
        var checkpoint = Checkpoint.Read(path);
        var section = TrainedWeights.WeightsSectionOf(checkpoint);
        var loaded = new Dictionary<string, bool>(StringComparer.Ordinal);
        try
        {
            using var reader = new BinaryReader(new MemoryStream(checkpoint.Section(section)));
            model.load(reader, strict: false, loadedParameters: loaded);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidDataException or EndOfStreamException or InvalidOperationException)
        {
            throw new CheckpointException($"the weights in {path} do not fit this network ({ex.Message})", ex);
        }

        var total = model.state_dict().Count;
        var set = loaded.Count(p => p.Value);
        if (set == 0)
        {
            throw new CheckpointException($"{path} has no tensor in common with this network");
        }

        return $"initial weights: {set} of {total} tensors from {path} ({section}, {checkpoint.Header.Options.Task} run {checkpoint.Header.Options.Name}, epoch {checkpoint.Header.Epoch})";
    }
}
