using Fracture.Core.Imaging;
using Fracture.Core.Models;
using Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Fracture.Training.Networks;

/// <summary>
/// ImageNet-pretrained ResNet18 weights from ML.NET's DnnImageFeaturizer (a CNTK export, MIT licence) loaded into a
/// TorchSharp <see cref="ResNet"/> with that file's [2, 2, 2, 3] layout. Every convolution weight and every BatchNorm
/// scale, bias, running mean and running variance is copied, after checking its shape; the head (when
/// <c>numClasses</c> &gt; 0) stays randomly initialised. Inputs must be prepared with <see cref="Normalization"/>.
/// </summary>
public static class PretrainedResNet18
{
    /// <summary>Where the build copies the ONNX file (bin/DnnImageModels/ResNet18Onnx/ResNet18.onnx).</summary>
    public static string DefaultOnnxPath =>
        Path.Combine(AppContext.BaseDirectory, "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx");

    /// <summary>The input the weights were trained on: BGR, 0..255, minus the ImageNet channel means.</summary>
    public static InputNormalization Normalization => InputNormalization.DnnImageFeaturizer;

    /// <summary>Builds the network and loads the pretrained weights. Returned in training mode, as any new module.</summary>
    /// <param name="numClasses">Outputs of the new linear head; 0 for none (the network then returns 512 features).</param>
    /// <param name="onnxPath">The ONNX file; <see cref="DefaultOnnxPath"/> when null.</param>
    /// <param name="dropout">Dropout before the head.</param>
    /// <exception cref="ModelFormatException">The file is missing, truncated, corrupt, or not this ResNet18.</exception>
    public static ResNet Load(int numClasses, string? onnxPath = null, double dropout = 0)
    {
        var path = onnxPath ?? DefaultOnnxPath;
        var graph = OnnxResNetReader.Read(path);
        if (graph.Layout != ResNetLayout.DnnImageFeaturizer18)
        {
            throw new ModelFormatException(path, $"stages {graph.Layout}, expected {ResNetLayout.DnnImageFeaturizer18} (DnnImageFeaturizer ResNet18)");
        }

        // The epsilon comes from the file: BatchNorm in eval mode must divide by the same sqrt(var + eps).
        var network = new ResNet(new ResNetOptions
        {
            Layout = graph.Layout,
            NumClasses = numClasses,
            Dropout = dropout,
            BatchNormEpsilon = graph.BatchNormEpsilon,
        });
        try
        {
            CopyWeights(graph, network);
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    private static void CopyWeights(OnnxResNetGraph graph, ResNet network)
    {
        var modules = network.named_modules().ToDictionary(m => m.name, m => m.module, StringComparer.Ordinal);
        var loaded = new HashSet<string>(StringComparer.Ordinal);
        using var noGrad = torch.no_grad();
        foreach (var unit in graph.Units)
        {
            var conv = Find<Conv2d>(modules, unit.ConvName, graph.Path);
            var bn = Find<BatchNorm>(modules, unit.BatchNormName, graph.Path);
            CopyInto(conv.weight!, unit.Weight, $"{unit.ConvName}.weight", graph.Path);
            CopyInto(bn.weight!, unit.Scale, $"{unit.BatchNormName}.weight", graph.Path);
            CopyInto(bn.bias!, unit.Bias, $"{unit.BatchNormName}.bias", graph.Path);
            CopyInto(bn.running_mean!, unit.Mean, $"{unit.BatchNormName}.running_mean", graph.Path);
            CopyInto(bn.running_var!, unit.Variance, $"{unit.BatchNormName}.running_var", graph.Path);
            if (!loaded.Add(unit.ConvName) || !loaded.Add(unit.BatchNormName))
            {
                throw new ModelFormatException(graph.Path, $"{unit.ConvName} is mapped twice");
            }
        }

        var missing = modules.Where(m => m.Value is Conv2d or BatchNorm && !loaded.Contains(m.Key)).Select(m => m.Key).ToList();
        if (missing.Count > 0)
        {
            throw new ModelFormatException(graph.Path, $"no weights for {string.Join(", ", missing)}");
        }
    }

    private static T Find<T>(Dictionary<string, nn.Module> modules, string name, string path)
        where T : nn.Module =>
        modules.TryGetValue(name, out var module) && module is T typed
            ? typed
            : throw new ModelFormatException(path, $"the graph maps weights to {name}, which is not a {typeof(T).Name} of the network");

    private static void CopyInto(Tensor target, TensorProto source, string key, string path)
    {
        var dims = source.Dims.ToArray();
        if (!dims.SequenceEqual(target.shape))
        {
            throw new ModelFormatException(
                path,
                $"initializer {source.Name} has shape [{string.Join(", ", dims)}] but {key} needs [{string.Join(", ", target.shape)}]");
        }

        using var values = torch.tensor(OnnxTensors.ReadFloats(source, path), dims);
        target.copy_(values);
    }
}
