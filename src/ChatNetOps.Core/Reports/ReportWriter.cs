namespace ChatNetOps.Core.Reports;

using System.Text;

/// <summary>Writes a report in the asked format.</summary>
public static class ReportWriter
{
    public static void Write(OperationsReport report, ReportFormat format, Stream stream)
    {
        if (format == ReportFormat.Json)
        {
            ReportJson.Write(report, stream);
            return;
        }

        using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
        switch (format)
        {
            case ReportFormat.Md:
                ReportMarkdown.Write(report, writer);
                break;
            case ReportFormat.Csv:
                writer.NewLine = "\r\n";
                ReportCsv.Write(report, writer);
                break;
            case ReportFormat.Html:
                ReportHtml.Write(report, writer);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "Use md, json, csv or html.");
        }
    }

    public static string ToText(OperationsReport report, ReportFormat format)
    {
        using var stream = new MemoryStream();
        Write(report, format, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
