using Fracture.Core.Models;
using Fracture.Server.Models;
using Fracture.Server.Predictions;
using Fracture.Server.Tests.Support;

namespace Fracture.Server.Tests;

/// <summary>Which models a request's task runs.</summary>
public sealed class ModelSelectionTests
{
    private static readonly string[] Names = ["elbow", "wrist"];

    [Fact]
    public void All_runs_the_classifier_and_the_detector_when_there_is_no_segmenter()
    {
        using var catalog = Catalog(ModelTask.Classify, ModelTask.Detect);

        Assert.Equal([ModelTask.Classify, ModelTask.Detect], PredictionService.Select(catalog, PredictionTask.All).Select(m => m.Task));
    }

    [Fact]
    public void All_runs_the_segmenter_instead_of_the_detector_so_no_fracture_is_drawn_twice()
    {
        using var catalog = Catalog(ModelTask.Classify, ModelTask.Detect, ModelTask.Segment);

        Assert.Equal([ModelTask.Classify, ModelTask.Segment], PredictionService.Select(catalog, PredictionTask.All).Select(m => m.Task));
        Assert.Equal([ModelTask.Detect], PredictionService.Select(catalog, PredictionTask.Detect).Select(m => m.Task));
        Assert.Equal([ModelTask.Segment], PredictionService.Select(catalog, PredictionTask.Segment).Select(m => m.Task));
    }

    private static ModelCatalog Catalog(params ModelTask[] tasks) =>
        new(tasks.Select(t => new LoadedModel(ModelMetadata.TaskName(t), new MetadataOnlyPredictor(t, Names, 0.5), "sha", 1)));
}
