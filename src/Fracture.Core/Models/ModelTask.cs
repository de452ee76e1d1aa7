namespace Fracture.Core.Models;

/// <summary>What a model file predicts; written in its metadata as Ultralytics does (<c>classify</c>, <c>detect</c>, <c>segment</c>).</summary>
public enum ModelTask
{
    Classify,
    Detect,
    Segment,
}
