using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Bridge.E2ETests.Infrastructure;

/// <summary>
/// What the demo service logged, kept in memory so a test can prove the host saw (and refused) a call. Only entries
/// the service's log filters let through are kept: the fixture runs it at Warning.
/// </summary>
public sealed class ServiceLog : ILoggerProvider
{
    private readonly ConcurrentQueue<Entry> entries = new();
    private readonly ConcurrentQueue<(Func<Entry, bool> Condition, TaskCompletionSource<Entry> Found)> waiters = new();

    public sealed record Entry(string Category, LogLevel Level, EventId EventId, string Message)
    {
        public override string ToString() => $"{Level} {Category}[{EventId.Id}]: {Message}";
    }

    public IReadOnlyList<Entry> Entries => [.. entries];

    /// <summary>The messages logged under a category containing <paramref name="categoryContains"/>, oldest first.</summary>
    public IReadOnlyList<string> Messages(string categoryContains) =>
        [.. entries.Where(entry => entry.Category.Contains(categoryContains, StringComparison.Ordinal)).Select(entry => entry.Message)];

    /// <summary>Completes with the first entry, logged before or after the call, that meets <paramref name="condition"/>.</summary>
    public async Task<Entry> WaitForAsync(Func<Entry, bool> condition, TimeSpan timeout)
    {
        var found = new TaskCompletionSource<Entry>(TaskCreationOptions.RunContinuationsAsynchronously);
        waiters.Enqueue((condition, found));
        if (entries.FirstOrDefault(condition) is { } existing)
        {
            found.TrySetResult(existing);
        }
        try
        {
            return await found.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The service logged no such entry within {timeout.TotalSeconds} s. It logged:\n{string.Join('\n', entries)}");
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Add);

    private void Add(Entry entry)
    {
        entries.Enqueue(entry);
        foreach (var (condition, found) in waiters)
        {
            if (!found.Task.IsCompleted && condition(entry))
            {
                found.TrySetResult(entry);
            }
        }
    }

    public void Dispose()
    {
    }

    private sealed class Logger(string category, Action<Entry> add) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                add(new Entry(category, logLevel, eventId, formatter(state, exception)));
            }
        }
    }
}
