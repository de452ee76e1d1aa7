using Fracture.Core.Geometry;
using Fracture.Core.Metrics;

namespace Fracture.Core.Tests.Metrics;

/// <summary>Short builders for detection test cases.</summary>
internal static class DetectionTestData
{
    public static GroundTruthBox Gt(int classId, double x1, double y1, double x2, double y2) =>
        new(classId, new PixelBox(x1, y1, x2, y2));

    public static ImageGroundTruth Image(string name, params GroundTruthBox[] boxes) => new(name, boxes);

    public static DetectionPrediction Pred(string image, int classId, double score, double x1, double y1, double x2, double y2) =>
        new(image, classId, score, new PixelBox(x1, y1, x2, y2));

    /// <summary>
    /// a.jpg: class 0 at G1 (0,0,10,10) and G2 (20,0,30,10); class 1 at (0,20,10,30). b.jpg: class 0 at G3 (0,0,10,10).
    /// Class 0 predictions by score: 0.9 = G1 (TP), 0.8 on empty space in b (FP), 0.7 = G2 (TP); G3 is missed.
    /// Class 1 predictions: 0.95 on b where there is no class 1 (FP), 0.6 = the class-1 box (TP).
    /// </summary>
    public static (ImageGroundTruth[] Gt, DetectionPrediction[] Preds) TwoImageExample() =>
    (
        [
            Image("a.jpg", Gt(0, 0, 0, 10, 10), Gt(0, 20, 0, 30, 10), Gt(1, 0, 20, 10, 30)),
            Image("b.jpg", Gt(0, 0, 0, 10, 10)),
        ],
        [
            Pred("a.jpg", 0, 0.9, 0, 0, 10, 10),
            Pred("b.jpg", 0, 0.8, 50, 50, 60, 60),
            Pred("a.jpg", 0, 0.7, 20, 0, 30, 10),
            Pred("b.jpg", 1, 0.95, 0, 0, 10, 10),
            Pred("a.jpg", 1, 0.6, 0, 20, 10, 30),
        ]
    );
}
