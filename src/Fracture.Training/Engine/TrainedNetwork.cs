using Fracture.Core;
using Fracture.Core.Imaging;
using Fracture.Training.Export;
using Fracture.Training.Tasks.Classify;
using Fracture.Training.Tasks.Detect;
using Fracture.Training.Tasks.Segment;
using TorchSharp;
using static TorchSharp.torch;

namespace Fracture.Training.Engine;

/// <summary>
/// A checkpoint's network rebuilt by its task's factory with the weights to use loaded (the EMA when the checkpoint
/// has one), in eval mode, with the input normalisation it was trained with. `fracture export` exports it and
/// `fracture bench infer` runs it, so both start from the very same module.
/// </summary>
public sealed class TrainedNetwork : IDisposable
{
    private TrainedNetwork(nn.Module<Tensor, Tensor> module, InputNormalization normalization, string section)
    {
        Module = module;
        Normalization = normalization;
        WeightsSection = section;
        Parameters = module.parameters().Sum(p => p.numel());
    }

    /// <summary>The tasks whose networks can be rebuilt, as a checkpoint header names them.</summary>
    public static IReadOnlyList<string> Tasks { get; } = ["classify", "detect", "segment"];

    /// <summary>
    /// The network: classify outputs logits [N, C]; detect the decoded layout [N, 4 + C, A]; segment [N, 4 + C + M, A]
    /// (eval mode; its prototypes come from <see cref="Networks.Segmentation.Segmenter.Predict"/>).
    /// </summary>
    public nn.Module<Tensor, Tensor> Module { get; }

    /// <summary>The classifier or detector as an ONNX graph writer (one output).</summary>
    public IOnnxExportable<string, string> Exportable => (IOnnxExportable<string, string>)Module;

    /// <summary>How the network's input tensor is built from 8-bit pixels (as in training).</summary>
    public InputNormalization Normalization { get; }

    /// <summary>The checkpoint section the weights came from: "ema" or "model".</summary>
    public string WeightsSection { get; }

    public long Parameters { get; }

    /// <exception cref="FractureException">A task without a network here, or weights that do not fit it.</exception>
    public static TrainedNetwork Create(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var options = checkpoint.Header.Options;
        var classes = checkpoint.Header.ClassNames.Count;
        var (module, normalization) = options.Task switch
        {
            "classify" => ((nn.Module<Tensor, Tensor>)ClassifierNetworks.Create(options.Model, classes, initialWeights: false), ClassifierNetworks.NormalizationOf(options.Model)),
            "detect" => (DetectorNetworks.Create(options.Model, classes, initialWeights: false), DetectorNetworks.NormalizationOf(options.Model)),
            "segment" => (SegmenterNetworks.Create(options.Model, classes, initialWeights: false), SegmenterNetworks.NormalizationOf(options.Model)),
            _ => throw new FractureException($"cannot rebuild a '{options.Task}' network: only {string.Join(", ", Tasks)} are known"),
        };
        var section = TrainedWeights.WeightsSectionOf(checkpoint);
        try
        {
            ModuleState.Load(module, checkpoint.Section(section), "weights");
        }
        catch
        {
            module.Dispose();
            throw;
        }

        module.eval();
        return new TrainedNetwork(module, normalization, section);
    }

    public void Dispose() => Module.Dispose();
}
