namespace ChatNetOps.Core.Reports;

public enum ReportFormat
{
    Md,
    Json,
    Csv,
    Html,
}
