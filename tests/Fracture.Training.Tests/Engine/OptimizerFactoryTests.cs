using Fracture.Core;
using Fracture.Training.Engine;
using Fracture.Training.Networks;
using Fracture.Training.Networks.Detection;
using Fracture.Training.Networks.Segmentation;
using TorchSharp.Modules;

namespace Fracture.Training.Tests.Engine;

/// <summary>The optimiser's groups: weight decay only on weights, and the backbone's and outline branches' own learning-rate shares.</summary>
public sealed class OptimizerFactoryTests
{
    private static readonly TrainOptions Options = new() { Task = "detect", Data = "data.yaml", LearningRate = 0.002 };

    [Fact]
    public void Without_a_backbone_factor_there_are_two_groups_at_the_scheduled_rate()
    {
        using var detector = NewDetector();
        using var optimizer = OptimizerFactory.Create(detector, Options, out var factors);

        var groups = optimizer.ParamGroups.Cast<ParamGroup>().ToList();
        Assert.Equal([1.0, 1.0], factors);
        Assert.Equal([0.002, 0.002], groups.Select(g => g.LearningRate));
        Assert.Equal(detector.parameters().Count(), groups.Sum(g => g.Parameters.Count()));
        Assert.All(groups[0].Parameters, p => Assert.True(p.dim() > 1));
        Assert.All(groups[1].Parameters, p => Assert.Equal(1, p.dim()));
    }

    [Fact]
    public void A_backbone_factor_puts_exactly_the_backbone_in_groups_at_that_share()
    {
        using var detector = NewDetector();
        using var optimizer = OptimizerFactory.Create(detector, Options with { BackboneLearningRateFactor = 0.1 }, out var factors);

        var groups = optimizer.ParamGroups.Cast<ParamGroup>().ToList();
        Assert.Equal([1.0, 1.0, 0.1, 0.1], factors);
        Assert.Equal(0.002, groups[0].LearningRate, 12);
        Assert.Equal(0.0002, groups[2].LearningRate, 12);
        var backbone = detector.named_parameters().Where(p => p.name.StartsWith("backbone.", StringComparison.Ordinal)).Select(p => p.parameter.Handle).ToHashSet();
        Assert.True(backbone.Count > 0);
        Assert.Equal(backbone, groups.Skip(2).SelectMany(g => g.Parameters).Select(p => p.Handle).ToHashSet());
        Assert.DoesNotContain(groups.Take(2).SelectMany(g => g.Parameters), p => backbone.Contains(p.Handle));

        // The schedule's rate reaches every group at its share.
        OptimizerFactory.SetLearningRate(optimizer, 0.5, factors);
        Assert.Equal([0.5, 0.5, 0.05, 0.05], optimizer.ParamGroups.Select(g => Math.Round(g.LearningRate, 12)));
    }

    [Fact]
    public void A_backbone_factor_for_a_network_without_a_backbone_is_refused()
    {
        using var classifier = new ResNet(ResNetLayout.DnnImageFeaturizer18, numClasses: 6);

        var error = Assert.Throws<FractureException>(() => OptimizerFactory.Create(classifier, Options with { BackboneLearningRateFactor = 0.5 }));

        Assert.Contains("needs a network with a separate backbone", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mask_factor_puts_exactly_the_outline_branches_in_groups_at_that_share()
    {
        using var segmenter = new Segmenter(new ResNet(ResNetLayout.DnnImageFeaturizer18, numClasses: 0), new DetectorOptions { Classes = 6 });
        using var optimizer = OptimizerFactory.Create(segmenter, Options with { Task = "segment", BackboneLearningRateFactor = 0.5, MaskLearningRateFactor = 0.25 }, out var factors);

        var groups = optimizer.ParamGroups.Cast<ParamGroup>().ToList();
        Assert.Equal([1.0, 1.0, 0.5, 0.5, 0.25, 0.25], factors);
        Assert.Equal(0.0005, groups[4].LearningRate, 12);
        var named = segmenter.named_parameters().ToList();
        var outline = named.Where(p => p.name.StartsWith("coefficients.", StringComparison.Ordinal) || p.name.StartsWith("prototypes.", StringComparison.Ordinal))
            .Select(p => p.parameter.Handle).ToHashSet();
        Assert.True(outline.Count > 0);
        Assert.Equal(outline, groups.Skip(4).SelectMany(g => g.Parameters).Select(p => p.Handle).ToHashSet());
        Assert.Equal(named.Count, groups.Sum(g => g.Parameters.Count()));

        // Without the factor the outline branches train with the head, in the two groups older checkpoints hold.
        using var plain = OptimizerFactory.Create(segmenter, Options with { Task = "segment" }, out var plainFactors);
        Assert.Equal([1.0, 1.0], plainFactors);
    }

    [Fact]
    public void A_mask_factor_for_a_network_without_outline_branches_is_refused()
    {
        using var detector = NewDetector();

        var error = Assert.Throws<FractureException>(() => OptimizerFactory.Create(detector, Options with { MaskLearningRateFactor = 0.5 }));

        Assert.Contains("needs a network with outline branches", error.Message, StringComparison.Ordinal);
    }

    private static Detector NewDetector() =>
        new(new ResNet(ResNetLayout.DnnImageFeaturizer18, numClasses: 0), new DetectorOptions { Classes = 6 });
}
