namespace Fracture.Training.Data;

/// <summary>What every task's split data says about the images it left out, so each task reports them alike.</summary>
public interface ISplitData
{
    /// <summary>The split's decoded images; its <see cref="ImageCache.Failed"/> lists the unreadable ones.</summary>
    ImageCache Cache { get; }

    /// <summary>"path: reason" for each image of the split left out for a rejected label row (<see cref="SplitSample"/>).</summary>
    IReadOnlyList<string> Excluded { get; }

    /// <summary>Every image left out of training and validation, each with why: unreadable ones first, then excluded ones.</summary>
    static IEnumerable<string> LeftOut(ISplitData train, ISplitData val) =>
        train.Cache.Failed.Concat(val.Cache.Failed).Select(path => $"unreadable image {path}").Concat(train.Excluded).Concat(val.Excluded);

    /// <summary>Every image of one split left out, each with why: unreadable ones first, then excluded ones.</summary>
    static IReadOnlyList<string> LeftOut(ISplitData split) =>
        [.. split.Cache.Failed.Select(path => $"unreadable image {path}").Concat(split.Excluded)];
}
