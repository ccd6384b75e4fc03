using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Bridge.UnitTests.Infrastructure;

/// <summary>Every log entry written through it, at any level, kept in memory.</summary>
internal sealed class LogRecorder : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. entries];

    public IReadOnlyList<LogEntry> AtLevel(LogLevel level) => [.. entries.Where(entry => entry.Level == level)];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new LogEntry(
                category,
                logLevel,
                eventId,
                formatter(state, exception),
                state as IReadOnlyList<KeyValuePair<string, object?>> ?? []));
    }
}

internal sealed record LogEntry(
    string Category,
    LogLevel Level,
    EventId EventId,
    string Message,
    IReadOnlyList<KeyValuePair<string, object?>> Properties)
{
    public object? this[string name] => Properties.FirstOrDefault(property => property.Key == name).Value;
}
