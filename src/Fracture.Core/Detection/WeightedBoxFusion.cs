using Fracture.Core.Geometry;
using Fracture.Core.Metrics;

namespace Fracture.Core.Detection;

/// <summary>
/// Weighted box fusion (Solovyev et al., 2019) of the boxes several views of one image gave (e.g. the image and its
/// mirror image, boxes mapped back): boxes taken highest score first join the cluster of their class whose fused box
/// they overlap most, by more than the IoU threshold, among those no box of their own view is in yet, else start one.
/// A cluster holds at most one box per view: a box that only overlaps clusters its view is already in is absorbed
/// (a duplicate within its view, as suppression would remove), so one view's two boxes never pass for two views'
/// agreement. A cluster's box is its members' score-weighted mean and its score their sum over the number of views,
/// so a box only one of two views saw keeps half its score: agreement ranks first. NMS would keep the single best box
/// instead; on the bone-fracture splits the fusion scored higher (docs/training.md, "Mirror fusion").
/// </summary>
public static class WeightedBoxFusion
{
    /// <summary>The IoU above which a box joins a cluster: the method's published default.</summary>
    public const double DefaultIou = 0.55;

    /// <param name="views">Each view's boxes (already decoded and suppressed within the view), in one coordinate frame.</param>
    /// <param name="iouThreshold">A box joins a cluster whose fused box it overlaps by more than this.</param>
    /// <param name="maxBoxes">Most fused boxes returned.</param>
    /// <returns>Fused boxes, highest score first.</returns>
    public static FusedBox[] Fuse(IReadOnlyList<IReadOnlyList<ScoredBox>> views, double iouThreshold = DefaultIou, int maxBoxes = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(views);
        ArgumentOutOfRangeException.ThrowIfLessThan(views.Count, 1);
        if (!(iouThreshold >= 0 && iouThreshold <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(iouThreshold), iouThreshold, "IoU threshold must be between 0 and 1");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(maxBoxes);

        // Highest score first; ties by view, then by place in the view, so the result never depends on sort stability.
        var order = views
            .SelectMany((boxes, view) => boxes.Select((box, index) => (Box: box, View: view, Index: index)))
            .OrderByDescending(m => m.Box.Score).ThenBy(m => m.View).ThenBy(m => m.Index)
            .ToList();
        var clusters = new List<Cluster>();
        foreach (var member in order)
        {
            Cluster? home = null;
            var homeIou = double.NegativeInfinity;
            var matched = false;
            foreach (var cluster in clusters)
            {
                var iou = cluster.ClassId == member.Box.ClassId ? cluster.Fused.IoU(member.Box.Box) : 0;
                if (!(iou > iouThreshold))
                {
                    continue;
                }

                matched = true;
                if (!cluster.Has(member.View) && iou > homeIou)
                {
                    (home, homeIou) = (cluster, iou);
                }
            }

            if (home is not null)
            {
                home.Add(member.Box, member.View, member.Index);
            }
            else if (!matched)
            {
                clusters.Add(new Cluster(member.Box, member.View, member.Index));
            }
        }

        return [.. clusters
            .Select(c => new FusedBox(new ScoredBox(c.Fused, c.ScoreSum / views.Count, c.ClassId), c.Members))
            .OrderByDescending(f => f.Box.Score)
            .Take(maxBoxes)];
    }

    private sealed class Cluster
    {
        private readonly List<(int View, int Index)> _members = [];
        private PixelBox _weighted; // corners summed times their scores
        private PixelBox _plain; // corners summed

        public Cluster(ScoredBox first, int view, int index)
        {
            ClassId = first.ClassId;
            Add(first, view, index);
        }

        public int ClassId { get; }

        public double ScoreSum { get; private set; }

        public int Count => _members.Count;

        public bool Has(int view) => _members.Exists(m => m.View == view);

        public IReadOnlyList<(int View, int Index)> Members => _members;

        // Boxes scored 0 (a call with confidence 0) would weigh nothing: then the plain mean.
        public PixelBox Fused => ScoreSum > 0 ? Divided(_weighted, ScoreSum) : Divided(_plain, Count);

        public void Add(ScoredBox box, int view, int index)
        {
            _members.Add((view, index));
            ScoreSum += box.Score;
            _weighted = Added(_weighted, box.Box, box.Score);
            _plain = Added(_plain, box.Box, 1);
        }

        private static PixelBox Added(PixelBox sum, PixelBox box, double weight) =>
            new(sum.X1 + (box.X1 * weight), sum.Y1 + (box.Y1 * weight), sum.X2 + (box.X2 * weight), sum.Y2 + (box.Y2 * weight));

        private static PixelBox Divided(PixelBox sum, double by) => new(sum.X1 / by, sum.Y1 / by, sum.X2 / by, sum.Y2 / by);
    }
}
