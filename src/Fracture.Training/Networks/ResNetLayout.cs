namespace Fracture.Training.Networks;

/// <summary>
/// How many <see cref="BasicBlock"/>s each of a ResNet's four stages holds (widths 64, 128, 256, 512).
/// </summary>
public sealed record ResNetLayout(int Stage1Blocks, int Stage2Blocks, int Stage3Blocks, int Stage4Blocks)
{
    /// <summary>torchvision's resnet18: [2, 2, 2, 2].</summary>
    public static ResNetLayout TorchVision18 { get; } = new(2, 2, 2, 2);

    /// <summary>
    /// The CNTK ResNet18 shipped with ML.NET's DnnImageFeaturizer: [2, 2, 2, 3]. Despite its name its last stage has
    /// a third block (22 convolutions, 15.9 M parameters instead of 11.2 M without a classifier).
    /// </summary>
    public static ResNetLayout DnnImageFeaturizer18 { get; } = new(2, 2, 2, 3);

    /// <summary>Blocks per stage, stage 1 first.</summary>
    public IReadOnlyList<int> StageBlocks => [Stage1Blocks, Stage2Blocks, Stage3Blocks, Stage4Blocks];

    public override string ToString() => $"[{Stage1Blocks}, {Stage2Blocks}, {Stage3Blocks}, {Stage4Blocks}]";
}
