namespace ChatNetOps.Storage.Sqlite.Files;

/// <summary>
/// The embedded store's files hold raw device output and the audit trail: on Unix they are created readable by their
/// owner only (directories 700, files 600), whatever the process's umask. Existing directories are left as they are
/// (the database may sit in a shared folder the operator chose); an existing file that others may read or write (the
/// database, its -wal/-shm/-journal files, the checkpoint log and its lock file, all 644 when an older version made
/// them) is tightened to its owner when it is opened and this process owns it. Windows files inherit the folder's ACL (a
/// per-user profile folder by default).
/// </summary>
internal static class OwnerOnlyFiles
{
    public const UnixFileMode File = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public const UnixFileMode Directory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private const UnixFileMode Others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Creates the folder of <paramref name="filePath"/> (and missing parents) owner-only; existing ones are kept as they are.</summary>
    public static void CreateFolderOf(string filePath)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(filePath));
        if (string.IsNullOrEmpty(folder) || System.IO.Directory.Exists(folder))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(folder);
        }
        else
        {
            System.IO.Directory.CreateDirectory(folder, Directory);
        }
    }

    /// <summary>
    /// Creates <paramref name="filePath"/> empty and owner-only when it does not exist (an empty file is an empty SQLite
    /// database, and SQLite gives -wal and -shm files it creates the database file's mode); tightens an existing one, and
    /// the -wal, -shm and -journal files an earlier run left beside it (SQLite opens those as they are), when group or
    /// others may read or write them.
    /// </summary>
    public static void Ensure(string filePath)
    {
        CreateFolderOf(filePath);
        if (OperatingSystem.IsWindows() || System.IO.Directory.Exists(filePath))
        {
            // A folder where the file should be: SQLite's own open says it cannot be opened.
            return;
        }

        try
        {
            using var created = new FileStream(filePath, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.ReadWrite, UnixCreateMode = File });
        }
        catch (IOException) when (System.IO.File.Exists(filePath))
        {
            // It exists (or another process created it first).
            Tighten(filePath);
        }

        foreach (var companion in new[] { "-wal", "-shm", "-journal" })
        {
            Tighten(filePath + companion);
        }
    }

    /// <summary>
    /// Takes group and other permissions off <paramref name="filePath"/> when it exists and has any (a file an older
    /// version created 644); leaves a file this process does not own as it is.
    /// </summary>
    public static void Tighten(string filePath)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        try
        {
            var mode = System.IO.File.GetUnixFileMode(filePath);
            if ((mode & Others) != 0)
            {
                System.IO.File.SetUnixFileMode(filePath, mode & ~Others);
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // Not there (yet): whoever creates it creates it owner-only.
        }
        catch (UnauthorizedAccessException)
        {
            // Someone else's file, shared on purpose: opening it is still allowed; its owner sets its mode.
        }
    }

    /// <summary>As <see cref="Tighten(string)"/>, on a file this process has open (no race with a rename of the path).</summary>
    public static void Tighten(Microsoft.Win32.SafeHandles.SafeFileHandle file)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = System.IO.File.GetUnixFileMode(file);
        if ((mode & Others) != 0)
        {
            try
            {
                System.IO.File.SetUnixFileMode(file, mode & ~Others);
            }
            catch (UnauthorizedAccessException)
            {
                // Someone else's file, shared on purpose: its owner sets its mode.
            }
        }
    }
}
