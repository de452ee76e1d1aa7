using Fracture.Training.Data;

namespace Fracture.Training.Tests.Engine;

public sealed class BatchPrefetcherTests
{
    [Fact]
    public void Yields_every_batch_in_order()
    {
        var batches = BatchPrefetcher.Run(5, i => new Item(i), capacity: 2, CancellationToken.None).Select(b => b.Index).ToList();

        Assert.Equal([0, 1, 2, 3, 4], batches);
    }

    [Fact]
    public void Unconsumed_batches_are_disposed_when_the_consumer_stops_early()
    {
        var made = new List<Item>();
        foreach (var item in BatchPrefetcher.Run(10, i => Track(made, new Item(i)), capacity: 3, CancellationToken.None))
        {
            item.Dispose();
            if (item.Index == 1)
            {
                break;
            }
        }

        lock (made)
        {
            Assert.All(made, m => Assert.True(m.Disposed, $"batch {m.Index} leaked"));
            Assert.True(made.Count < 10);
        }
    }

    [Fact]
    public void A_producer_error_reaches_the_consumer()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            BatchPrefetcher.Run(3, i => i == 1 ? throw new IOException("disk gone") : new Item(i), capacity: 1, CancellationToken.None).ToList());

        Assert.Contains("disk gone", error.Message, StringComparison.Ordinal);
    }

    private static Item Track(List<Item> made, Item item)
    {
        lock (made)
        {
            made.Add(item);
        }

        return item;
    }

    private sealed class Item(int index) : IDisposable
    {
        public int Index { get; } = index;

        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }
}
