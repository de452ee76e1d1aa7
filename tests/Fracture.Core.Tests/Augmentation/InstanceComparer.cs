using Fracture.Core.Augmentation;

namespace Fracture.Core.Tests.Augmentation;

/// <summary>Exact equality of labels by value, polygon points included (the record compares the polygon list by reference).</summary>
internal sealed class InstanceComparer : IEqualityComparer<PixelInstance>
{
    public static InstanceComparer Instance { get; } = new();

    public bool Equals(PixelInstance? x, PixelInstance? y) =>
        ReferenceEquals(x, y)
        || (x is not null && y is not null && x.ClassId == y.ClassId && x.Box == y.Box
            && (x.Polygon is null ? y.Polygon is null : y.Polygon is not null && x.Polygon.SequenceEqual(y.Polygon)));

    public int GetHashCode(PixelInstance obj) => HashCode.Combine(obj.ClassId, obj.Box);
}
