using System.Collections.Concurrent;

namespace Bridge.E2ETests.Infrastructure;

/// <summary>
/// Every request that reached the demo service's app (past the relay policy), and whether each was cancelled by its
/// client, so a test can prove that a refused call reached nothing and that an abort reached the service.
/// Tests tag their calls with a unique marker in the path or query.
/// </summary>
public sealed class RequestJournal
{
    private readonly ConcurrentQueue<Entry> entries = new();
    private readonly ConcurrentQueue<Waiter> waiters = new();

    public void Record(HttpContext context)
    {
        var entry = new Entry($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
        entries.Enqueue(entry);
        context.RequestAborted.Register(() =>
        {
            entry.Cancelled = true;
            Notify();
        });
        context.Response.OnCompleted(() =>
        {
            entry.Ended = true;
            Notify();
            return Task.CompletedTask;
        });
        Notify();
    }

    /// <summary>The requests whose target contains <paramref name="marker"/>.</summary>
    public IReadOnlyList<string> Matching(string marker) => [.. entries.Where(entry => entry.Target.Contains(marker, StringComparison.Ordinal)).Select(entry => entry.Target)];

    /// <summary>Completes when a request containing <paramref name="marker"/> has arrived.</summary>
    public Task WaitForRequestAsync(string marker, TimeSpan timeout) =>
        WaitAsync(() => entries.Any(entry => entry.Target.Contains(marker, StringComparison.Ordinal)), timeout, $"a request with {marker}");

    /// <summary>Completes when the service has seen the client cancel a request containing <paramref name="marker"/>.</summary>
    public Task WaitForCancellationAsync(string marker, TimeSpan timeout) =>
        WaitAsync(() => entries.Any(entry => entry.Cancelled && entry.Target.Contains(marker, StringComparison.Ordinal)), timeout, $"the cancellation of {marker}");

    /// <summary>
    /// Completes when a request containing <paramref name="marker"/> has ended, answered or not, with whether its
    /// client cancelled it.
    /// </summary>
    public async Task<bool> WaitForEndAsync(string marker, TimeSpan timeout)
    {
        bool Ended(Entry entry) => entry.Ended && entry.Target.Contains(marker, StringComparison.Ordinal);
        await WaitAsync(() => entries.Any(Ended), timeout, $"the end of {marker}");
        return entries.First(Ended).Cancelled;
    }

    private async Task WaitAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var waiter = new Waiter(condition);
        waiters.Enqueue(waiter);
        waiter.TryComplete();
        try
        {
            await waiter.Completion.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The service did not see {what} within {timeout.TotalSeconds} s.");
        }
    }

    private void Notify()
    {
        foreach (var waiter in waiters)
        {
            waiter.TryComplete();
        }
    }

    private sealed class Entry(string target)
    {
        public string Target { get; } = target;

        public volatile bool Cancelled;

        public volatile bool Ended;
    }

    private sealed class Waiter(Func<bool> condition)
    {
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void TryComplete()
        {
            if (!Completion.Task.IsCompleted && condition())
            {
                Completion.TrySetResult();
            }
        }
    }
}
