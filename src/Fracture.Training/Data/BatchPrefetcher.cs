using System.Collections.Concurrent;

namespace Fracture.Training.Data;

/// <summary>
/// Prepares batches on a background thread while the network trains on the previous one, keeping at most
/// <c>capacity</c> ready. Batches not consumed (an early break, an error) are disposed; a producer error is rethrown
/// to the consumer.
/// </summary>
public static class BatchPrefetcher
{
    public static IEnumerable<TBatch> Run<TBatch>(int count, Func<int, TBatch> make, int capacity, CancellationToken cancellation)
        where TBatch : IDisposable
    {
        using var queue = new BlockingCollection<TBatch>(Math.Max(1, capacity));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        Exception? failure = null;
        var producer = new Thread(() =>
        {
            try
            {
                for (var i = 0; i < count && !stop.IsCancellationRequested; i++)
                {
                    var batch = make(i);
                    try
                    {
                        queue.Add(batch, stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        batch.Dispose();
                        return;
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failure = ex;
            }
            finally
            {
                queue.CompleteAdding();
            }
        })
        {
            IsBackground = true,
            Name = "fracture-batches",
        };
        producer.Start();
        try
        {
            foreach (var batch in queue.GetConsumingEnumerable(cancellation))
            {
                yield return batch;
            }

            if (failure is not null)
            {
                throw new InvalidOperationException($"preparing a batch failed: {failure.Message}", failure);
            }
        }
        finally
        {
            stop.Cancel();
            producer.Join();
            while (queue.TryTake(out var left))
            {
                left.Dispose();
            }
        }
    }
}
