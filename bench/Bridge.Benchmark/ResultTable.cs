namespace Bridge.Benchmark;

/// <summary>Which way a metric improves; <see cref="None"/> for descriptive rows, which get no ratio.</summary>
internal enum Better
{
    None,
    Lower,
    Higher,
}

/// <summary>One row's label, direction and number format.</summary>
internal sealed record Metric(string Name, Better Better, int Decimals = 2);

/// <summary>One row of one run: a value, or a text such as "n/a (no route)", per column.</summary>
internal sealed record ResultRow(Metric Metric, IReadOnlyDictionary<string, double> Values, IReadOnlyDictionary<string, string> Notes);

/// <summary>
/// Metrics by mechanism from one run of one engine. With a baseline column, each other cell has a ratio to the
/// baseline's value from the same run (value ÷ baseline), so "1.80x" on a millisecond row means 1.8 times as long,
/// and on a throughput row 1.8 times as much. <see cref="MedianTable"/> puts the runs together.
/// </summary>
internal sealed class ResultTable(IReadOnlyList<string> columns, string? baseline)
{
    private readonly List<(Metric Metric, Dictionary<string, string> Notes, Dictionary<string, double> Values)> rows = [];

    public IReadOnlyList<string> Columns { get; } = columns;

    public string? Baseline { get; } = baseline;

    public IEnumerable<ResultRow> Rows => rows.Select(row => new ResultRow(row.Metric, row.Values, row.Notes));

    public void Set(Metric metric, string column, double value) => Row(metric).Values[column] = value;

    /// <summary>A cell without a number, e.g. "n/a (no proxy route)".</summary>
    public void SetText(Metric metric, string column, string text) => Row(metric).Notes[column] = text;

    public double? Get(string metricName, string column) =>
        rows.FirstOrDefault(row => row.Metric.Name == metricName) is { Values: { } values } && values.TryGetValue(column, out var value)
            ? value
            : null;

    /// <summary>The value of <paramref name="column"/> divided by that of <paramref name="reference"/>, where both have one and the reference is above 0.</summary>
    public double? Ratio(string metricName, string column, string reference) =>
        (Get(metricName, column), Get(metricName, reference)) is ({ } value, { } referenceValue) && referenceValue > 0
            ? value / referenceValue
            : null;

    private (Metric Metric, Dictionary<string, string> Notes, Dictionary<string, double> Values) Row(Metric metric)
    {
        var index = rows.FindIndex(row => row.Metric.Name == metric.Name);
        if (index < 0)
        {
            rows.Add((metric, [], []));
            index = rows.Count - 1;
        }
        return rows[index];
    }
}
