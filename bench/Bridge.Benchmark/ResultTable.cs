using System.Globalization;
using System.Text;

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

/// <summary>
/// Metrics by mechanism, rendered as a markdown table. With a baseline column, every other cell also shows its ratio
/// to the baseline's value from the same run (value ÷ baseline), so "1.80x" on a millisecond row means 1.8 times
/// as long, and on a throughput row 1.8 times as much.
/// </summary>
internal sealed class ResultTable(IReadOnlyList<string> columns, string? baseline)
{
    private readonly List<(Metric Metric, Dictionary<string, string> Notes, Dictionary<string, double> Values)> rows = [];

    public IReadOnlyList<string> Columns { get; } = columns;

    public void Set(Metric metric, string column, double value) => Row(metric).Values[column] = value;

    /// <summary>A cell without a number, e.g. "n/a (no proxy route)".</summary>
    public void SetText(Metric metric, string column, string text) => Row(metric).Notes[column] = text;

    public double? Get(string metricName, string column) =>
        rows.FirstOrDefault(row => row.Metric.Name == metricName) is { Values: { } values } && values.TryGetValue(column, out var value)
            ? value
            : null;

    public string Render()
    {
        var text = new StringBuilder();
        text.Append("| Metric | ").AppendJoin(" | ", Columns).AppendLine(" |");
        text.Append("|---|").AppendJoin("", Columns.Select(_ => "---:|")).AppendLine();
        foreach (var (metric, notes, values) in rows)
        {
            var direction = metric.Better switch
            {
                Better.Lower => " (lower is better)",
                Better.Higher => " (higher is better)",
                _ => "",
            };
            text.Append("| ").Append(metric.Name).Append(direction);
            foreach (var column in Columns)
            {
                text.Append(" | ").Append(Cell(metric, column, notes, values));
            }
            text.AppendLine(" |");
        }
        return text.ToString();
    }

    private string Cell(Metric metric, string column, Dictionary<string, string> notes, Dictionary<string, double> values)
    {
        if (!values.TryGetValue(column, out var value))
        {
            return notes.GetValueOrDefault(column, "n/a");
        }
        var cell = value.ToString("N" + metric.Decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        if (metric.Better != Better.None && baseline is not null && column != baseline
            && values.TryGetValue(baseline, out var reference) && reference > 0)
        {
            cell += string.Create(CultureInfo.InvariantCulture, $" ({value / reference:0.00}x)");
        }
        return cell;
    }

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
