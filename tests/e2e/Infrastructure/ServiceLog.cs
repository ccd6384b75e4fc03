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

    public sealed record Entry(string Category, LogLevel Level, EventId EventId, string Message)
    {
        public override string ToString() => $"{Level} {Category}[{EventId.Id}]: {Message}";
    }

    public IReadOnlyList<Entry> Entries => [.. entries];

    /// <summary>The messages logged under a category containing <paramref name="categoryContains"/>, oldest first.</summary>
    public IReadOnlyList<string> Messages(string categoryContains) =>
        [.. entries.Where(entry => entry.Category.Contains(categoryContains, StringComparison.Ordinal)).Select(entry => entry.Message)];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<Entry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                entries.Enqueue(new Entry(category, logLevel, eventId, formatter(state, exception)));
            }
        }
    }
}
