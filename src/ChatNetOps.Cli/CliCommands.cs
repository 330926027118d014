namespace ChatNetOps.Cli;

public static class CliCommands
{
    public static IReadOnlyList<ICliCommand> All { get; } =
    [
        new Commands.LintCommand(),
        new Commands.DevicesCommand(),
        new Commands.InventoryRefreshCommand(),
        new Commands.AuditVerifyCommand(),
        new Commands.AuditCheckpointsCommand(),
        new Commands.IncidentExportCommand(),
        new Commands.ReportCommand(),
        new Commands.ChatCommand(),
        new Commands.CardRenderCommand(),
        new Commands.QueueDeadLettersCommand(),
        new Commands.ChangesCommand(),
    ];
}
