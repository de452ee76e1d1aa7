using Fracture.Server.Models;

namespace Fracture.Server.Tests.Support;

/// <summary>
/// The shipped models, loaded once for the whole test run and handed to each server (not owned by it), so a test
/// pays for its own data folder but not for loading ONNX sessions again.
/// </summary>
internal static class SharedModels
{
    private static readonly Lazy<ModelCatalog> Loaded = new(() => ModelCatalog.Load(TestPaths.Models));

    public static ModelCatalog Catalog => Loaded.Value;

    /// <summary>The box model task "all" runs: the segmenter when one is shipped, else the detector.</summary>
    public static LoadedModel BoxModel => Catalog.For(Core.Models.ModelTask.Segment) ?? Catalog.For(Core.Models.ModelTask.Detect)!;

    /// <summary>A catalog of the shipped models with each predictor replaced by <paramref name="wrap"/>'s result (not owning them).</summary>
    public static ModelCatalog Wrapped(Func<LoadedModel, Inference.IPredictor> wrap) =>
        new([.. Catalog.Models.Select(m => m with { Predictor = wrap(m) })], ownsPredictors: false);
}
