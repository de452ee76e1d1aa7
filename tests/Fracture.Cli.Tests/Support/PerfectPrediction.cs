namespace Fracture.Cli.Tests.Support;

/// <summary>A prediction equal to one ground-truth instance: image file name, class id, pixel box [x1, y1, x2, y2].</summary>
internal sealed record PerfectPrediction(string Image, int ClassId, double[] Box);
