using System.Globalization;
using System.Text;

namespace Bridge.Benchmark;

/// <summary>One cell over the runs: each run's value and ratio to the baseline, and their medians.</summary>
internal sealed record MedianCell(IReadOnlyList<double> Values, IReadOnlyList<double> Ratios, string? Note)
{
    public double? Value => Values.Count > 0 ? Statistics.Median(Values) : null;

    /// <summary>The median of the runs' ratios, each from the values of one run, not the ratio of the medians.</summary>
    public double? Ratio => Ratios.Count > 0 ? Statistics.Median(Ratios) : null;
}

internal sealed record MedianRow(Metric Metric, IReadOnlyDictionary<string, MedianCell> Cells);

/// <summary>
/// The runs of one engine in one site setup as one table: each cell the median of the runs' values, and beside it
/// the median of the runs' ratios to the baseline (a ratio is taken within one run, where the mechanisms ran side by
/// side, then the median over the runs), rendered as markdown.
/// </summary>
internal sealed class MedianTable
{
    private MedianTable(IReadOnlyList<string> columns, string? baseline, IReadOnlyList<MedianRow> rows)
    {
        Columns = columns;
        Baseline = baseline;
        Rows = rows;
    }

    public IReadOnlyList<string> Columns { get; }

    public string? Baseline { get; }

    public IReadOnlyList<MedianRow> Rows { get; }

    public static MedianTable Of(IReadOnlyList<ResultTable> runs)
    {
        if (runs.Count == 0)
        {
            throw new ArgumentException("No runs.", nameof(runs));
        }
        var columns = runs.SelectMany(run => run.Columns).Distinct().ToArray();
        var baseline = runs[0].Baseline;
        var metrics = runs.SelectMany(run => run.Rows.Select(row => row.Metric)).DistinctBy(metric => metric.Name);
        var rows = metrics.Select(metric => new MedianRow(metric, columns.ToDictionary(column => column, column => Cell(runs, metric, column, baseline))));
        return new MedianTable(columns, baseline, [.. rows]);
    }

    public MedianCell? Cell(string metricName, string column) =>
        Rows.FirstOrDefault(row => row.Metric.Name == metricName)?.Cells.GetValueOrDefault(column);

    public string Render()
    {
        var text = new StringBuilder();
        text.Append("| Metric | ").AppendJoin(" | ", Columns).AppendLine(" |");
        text.Append("|---|").AppendJoin("", Columns.Select(_ => "---:|")).AppendLine();
        foreach (var row in Rows)
        {
            var direction = row.Metric.Better switch
            {
                Better.Lower => " (lower is better)",
                Better.Higher => " (higher is better)",
                _ => "",
            };
            text.Append("| ").Append(row.Metric.Name).Append(direction);
            foreach (var column in Columns)
            {
                text.Append(" | ").Append(Render(row.Metric, row.Cells[column]));
            }
            text.AppendLine(" |");
        }
        return text.ToString();
    }

    private static MedianCell Cell(IReadOnlyList<ResultTable> runs, Metric metric, string column, string? baseline)
    {
        var values = runs.Select(run => run.Get(metric.Name, column)).OfType<double>().ToArray();
        var ratios = metric.Better == Better.None || baseline is null || column == baseline
            ? []
            : runs.Select(run => run.Ratio(metric.Name, column, baseline)).OfType<double>().ToArray();
        var note = runs.SelectMany(run => run.Rows).FirstOrDefault(row => row.Metric.Name == metric.Name && row.Notes.ContainsKey(column))?.Notes[column];
        return new MedianCell(values, ratios, note);
    }

    private static string Render(Metric metric, MedianCell cell)
    {
        if (cell.Value is not { } value)
        {
            return cell.Note ?? "n/a";
        }
        var text = value.ToString("N" + metric.Decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return cell.Ratio is { } ratio ? text + string.Create(CultureInfo.InvariantCulture, $" ({ratio:0.00}x)") : text;
    }
}
