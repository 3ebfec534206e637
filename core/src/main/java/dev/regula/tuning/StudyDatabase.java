package dev.regula.tuning;

import dev.regula.InvalidInputException;
import dev.regula.tuning.TrialRecord.State;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The search's study database: an embedded SQLite file ({@code search.db} in the search folder)
 * shared by every worker process of the search. Write-ahead logging lets readers and one writer
 * work at once; every write is a short {@code BEGIN IMMEDIATE} transaction (the write lock is taken
 * at the start, so two workers never deadlock upgrading a read lock) and a busy timeout makes a
 * worker wait for the lock instead of failing with "database is locked". One connection per
 * process, used under this object's lock.
 *
 * <p>Tables: {@code meta} (format, the search's fingerprint and definition, rounds, finished),
 * {@code trials} (state, round, bracket, configuration, value, epochs, owner and heartbeat),
 * {@code params}, {@code intermediate} (objective after each epoch) and {@code jobs} (every time a
 * worker trained a trial: from which epoch to which, and how it ended).
 */
public final class StudyDatabase implements AutoCloseable {
    public static final String FILE = "search.db";
    static final String FORMAT = "regula-search-1";
    private static final int BUSY_TIMEOUT_MS = 120_000;

    private final Path file;
    private final Connection connection;

    private StudyDatabase(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** A unit of work inside one transaction. */
    public interface Work<T> {
        T run(StudyDatabase db) throws SQLException;
    }

    /**
     * Opens (creating when absent) the database of the search folder {@code dir} for the search
     * whose definition is {@code definition}; a folder holding another search is refused.
     */
    public static StudyDatabase open(Path dir, String name, String fingerprint, String definition) {
        StudyDatabase db = connect(dir.resolve(FILE), true);
        try {
            db.transaction(d -> {
                d.createTables();
                d.insertMetaIfAbsent("format", FORMAT);
                d.insertMetaIfAbsent("name", name);
                d.insertMetaIfAbsent("fingerprint", fingerprint);
                d.insertMetaIfAbsent("definition", definition);
                d.insertMetaIfAbsent("created", Instant.now().toString());
                return null;
            });
            String format = db.meta("format");
            if (!FORMAT.equals(format)) {
                throw new InvalidInputException(db.file + ": meta format is '" + format + "'; expected " + FORMAT
                        + " (a database written by 'regula search').");
            }
            if (!fingerprint.equals(db.meta("fingerprint"))) {
                throw new InvalidInputException(dir + ": this folder holds a different search ('" + db.meta("name")
                        + "', created " + db.meta("created") + "): its search file, base recipe or --set overrides"
                        + " differ from " + Definitions.differences(db.meta("definition"), definition) + ". Expected the"
                        + " same search to continue; use another --out, or delete " + dir + " to start again.");
            }
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** Opens an existing search folder's database (for export and reports). */
    public static StudyDatabase openExisting(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(dir + ": no " + FILE + " here; expected the folder of a search run with"
                    + " 'regula search'.");
        }
        StudyDatabase db = connect(file, false);
        try {
            if (!FORMAT.equals(db.meta("format"))) {
                throw new InvalidInputException(file + ": not a Regula search database (no format " + FORMAT + ").");
            }
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    private static StudyDatabase connect(Path file, boolean create) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            config.setBusyTimeout(BUSY_TIMEOUT_MS);
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            config.enforceForeignKeys(true);
            if (!create) {
                config.setOpenMode(org.sqlite.SQLiteOpenMode.READWRITE);
            }
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(),
                    config.toProperties());
            StudyDatabase db = new StudyDatabase(file, connection);
            db.check();
            return db;
        } catch (SQLException e) {
            throw corrupt(file, e);
        } catch (java.io.IOException e) {
            throw new InvalidInputException(file + ": cannot create the search folder (" + e.getMessage() + ").");
        }
    }

    private void check() throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("PRAGMA quick_check")) {
            String result = r.next() ? r.getString(1) : "no answer";
            if (!"ok".equals(result)) {
                throw new InvalidInputException(file + ": the database failed SQLite's integrity check (" + result
                        + "); expected an intact " + FILE + ". Move it away to start the search again.");
            }
        }
    }

    static InvalidInputException corrupt(Path file, SQLException e) {
        String code = e instanceof SQLiteException s ? s.getResultCode().name() : String.valueOf(e.getErrorCode());
        if (e instanceof SQLiteException s && (s.getResultCode() == SQLiteErrorCode.SQLITE_NOTADB
                || s.getResultCode() == SQLiteErrorCode.SQLITE_CORRUPT)) {
            return new InvalidInputException(file + ": not a valid SQLite database (" + code + ": the file is"
                    + " corrupt or is not a search database); expected the " + FILE + " that 'regula search' writes."
                    + " Move it away to start the search again; trial folders under trials/ are kept.");
        }
        if (e instanceof SQLiteException s && (s.getResultCode() == SQLiteErrorCode.SQLITE_FULL
                || s.getResultCode().name().startsWith("SQLITE_IOERR"))) {
            return new InvalidInputException(file + ": cannot be written (" + code + ": " + e.getMessage() + "); the"
                    + " transaction was rolled back, so the database keeps every trial recorded before. Expected free"
                    + " space on its disk: free some and run the same search again to continue.");
        }
        return new InvalidInputException(file + ": cannot be opened (" + code + ": " + e.getMessage() + ").");
    }

    /** The JDBC connection, for the fault-injection test (a page limit that makes the disk look full). */
    Connection connection() {
        return connection;
    }

    private void createTables() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS trials (number INTEGER PRIMARY KEY, round INTEGER NOT NULL,"
                    + " bracket INTEGER NOT NULL, config TEXT NOT NULL UNIQUE, state TEXT NOT NULL,"
                    + " target INTEGER NOT NULL, epochs_done INTEGER NOT NULL DEFAULT 0, value REAL,"
                    + " worker TEXT, heartbeat INTEGER, started TEXT, completed TEXT, message TEXT)");
            s.execute("CREATE TABLE IF NOT EXISTS params (trial INTEGER NOT NULL REFERENCES trials(number),"
                    + " key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (trial, key))");
            s.execute("CREATE TABLE IF NOT EXISTS intermediate (trial INTEGER NOT NULL REFERENCES trials(number),"
                    + " epoch INTEGER NOT NULL, value REAL, PRIMARY KEY (trial, epoch))");
            s.execute("CREATE TABLE IF NOT EXISTS jobs (id INTEGER PRIMARY KEY AUTOINCREMENT,"
                    + " trial INTEGER NOT NULL REFERENCES trials(number), worker TEXT NOT NULL,"
                    + " from_epoch INTEGER NOT NULL, target INTEGER NOT NULL, started TEXT NOT NULL, ended TEXT,"
                    + " outcome TEXT)");
        }
    }

    /** Runs {@code work} in one immediate transaction: all of it or none of it lands. */
    public synchronized <T> T transaction(Work<T> work) {
        try {
            connection.setAutoCommit(false);
            T result;
            try {
                result = work.run(this);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                // after SQLITE_FULL SQLite has rolled back by itself: a failing rollback must not hide the cause
                try {
                    connection.rollback();
                } catch (SQLException rollbackFailed) {
                    e.addSuppressed(rollbackFailed);
                }
                try {
                    connection.setAutoCommit(true);
                } catch (SQLException noTransactionLeft) {
                    e.addSuppressed(noTransactionLeft);
                }
                throw e;
            }
            connection.setAutoCommit(true);
            return result;
        } catch (SQLiteException e) {
            if (e.getResultCode() == SQLiteErrorCode.SQLITE_BUSY) {
                throw new IllegalStateException(file + ": still locked by another worker after "
                        + BUSY_TIMEOUT_MS / 1000 + " s", e);
            }
            throw corrupt(file, e);
        } catch (SQLException e) {
            throw corrupt(file, e);
        }
    }

    /** A read outside any explicit transaction (one consistent snapshot per statement). */
    public synchronized <T> T read(Work<T> work) {
        try {
            return work.run(this);
        } catch (SQLException e) {
            throw corrupt(file, e);
        }
    }

    public Path file() {
        return file;
    }

    void insertMetaIfAbsent(String key, String value) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("INSERT OR IGNORE INTO meta VALUES (?, ?)")) {
            s.setString(1, key);
            s.setString(2, value);
            s.executeUpdate();
        }
    }

    void putMeta(String key, String value) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("INSERT OR REPLACE INTO meta VALUES (?, ?)")) {
            s.setString(1, key);
            s.setString(2, value);
            s.executeUpdate();
        }
    }

    /** A meta value, or null. */
    public synchronized String meta(String key) {
        try (PreparedStatement s = connection.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            s.setString(1, key);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        } catch (SQLException e) {
            throw corrupt(file, e);
        }
    }

    /** Every trial, by number, with its intermediate values. */
    public synchronized List<TrialRecord> trials() {
        try {
            Map<Integer, Map<Integer, Double>> intermediate = new TreeMap<>();
            try (Statement s = connection.createStatement();
                 ResultSet r = s.executeQuery("SELECT trial, epoch, value FROM intermediate ORDER BY trial, epoch")) {
                while (r.next()) {
                    double v = r.getDouble(3);
                    intermediate.computeIfAbsent(r.getInt(1), k -> new TreeMap<>()).put(r.getInt(2),
                            r.wasNull() ? Double.NaN : v);
                }
            }
            List<TrialRecord> trials = new ArrayList<>();
            try (Statement s = connection.createStatement();
                 ResultSet r = s.executeQuery("SELECT number, round, bracket, state, config, value, epochs_done,"
                         + " target, worker, started, completed, message FROM trials ORDER BY number")) {
                while (r.next()) {
                    double value = r.getDouble(6);
                    Double boxed = r.wasNull() ? null : value;
                    int number = r.getInt(1);
                    trials.add(new TrialRecord(number, r.getInt(2), r.getInt(3), State.valueOf(r.getString(4)),
                            Configurations.parse(r.getString(5)), boxed, r.getInt(7), r.getInt(8),
                            intermediate.getOrDefault(number, Map.of()), r.getString(9), r.getString(10),
                            r.getString(11), r.getString(12)));
                }
            }
            return trials;
        } catch (SQLException e) {
            throw corrupt(file, e);
        }
    }

    /** Heartbeats of running trials: number to milliseconds since the epoch. */
    synchronized Map<Integer, Long> heartbeats() throws SQLException {
        Map<Integer, Long> beats = new LinkedHashMap<>();
        try (Statement s = connection.createStatement();
             ResultSet r = s.executeQuery("SELECT number, heartbeat FROM trials WHERE state = 'RUNNING'")) {
            while (r.next()) {
                beats.put(r.getInt(1), r.getLong(2));
            }
        }
        return beats;
    }

    void insertTrial(int number, int round, int bracket, Map<String, Object> configuration, int target,
                     String worker) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO trials (number, round, bracket, config,"
                + " state, target, worker, heartbeat, started) VALUES (?, ?, ?, ?, 'RUNNING', ?, ?, ?, ?)")) {
            s.setInt(1, number);
            s.setInt(2, round);
            s.setInt(3, bracket);
            s.setString(4, Configurations.canonical(configuration));
            s.setInt(5, target);
            s.setString(6, worker);
            s.setLong(7, System.currentTimeMillis());
            s.setString(8, Instant.now().toString());
            s.executeUpdate();
        }
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO params VALUES (?, ?, ?)")) {
            for (Map.Entry<String, Object> e : configuration.entrySet()) {
                s.setInt(1, number);
                s.setString(2, e.getKey());
                s.setString(3, Configurations.json(e.getValue()));
                s.executeUpdate();
            }
        }
    }

    /** Hands a trial to {@code worker} (a promotion or a takeover): running, with a fresh heartbeat. */
    void assign(int number, String worker, int target) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("UPDATE trials SET state = 'RUNNING', worker = ?,"
                + " heartbeat = ?, target = ? WHERE number = ?")) {
            s.setString(1, worker);
            s.setLong(2, System.currentTimeMillis());
            s.setInt(3, target);
            s.setInt(4, number);
            s.executeUpdate();
        }
    }

    void setState(int number, State state, Double value, String message) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("UPDATE trials SET state = ?, value = COALESCE(?,"
                + " value), message = COALESCE(?, message), completed = ? WHERE number = ?")) {
            s.setString(1, state.name());
            if (value == null) {
                s.setNull(2, java.sql.Types.REAL);
            } else {
                s.setDouble(2, value);
            }
            s.setString(3, message);
            s.setString(4, state.finished() ? Instant.now().toString() : null);
            s.setInt(5, number);
            s.executeUpdate();
        }
    }

    /**
     * Records the objective after {@code epoch} for a trial {@code worker} owns; false when the
     * trial is no longer this worker's (it was taken over after a missed heartbeat).
     */
    boolean report(int number, String worker, int epoch, double value) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("UPDATE trials SET epochs_done = MAX(epochs_done, ?),"
                + " value = ?, heartbeat = ? WHERE number = ? AND worker = ? AND state = 'RUNNING'")) {
            s.setInt(1, epoch);
            setReal(s, 2, value);
            s.setLong(3, System.currentTimeMillis());
            s.setInt(4, number);
            s.setString(5, worker);
            if (s.executeUpdate() == 0) {
                return false;
            }
        }
        try (PreparedStatement s = connection.prepareStatement("INSERT OR REPLACE INTO intermediate VALUES (?, ?, ?)")) {
            s.setInt(1, number);
            s.setInt(2, epoch);
            setReal(s, 3, value);
            s.executeUpdate();
        }
        return true;
    }

    private static void setReal(PreparedStatement s, int index, double value) throws SQLException {
        if (Double.isNaN(value)) {
            s.setNull(index, java.sql.Types.REAL);
        } else {
            s.setDouble(index, value);
        }
    }

    /** Refreshes the heartbeat of a trial {@code worker} owns. */
    public void heartbeat(int number, String worker) {
        transaction(db -> {
            try (PreparedStatement s = connection.prepareStatement("UPDATE trials SET heartbeat = ? WHERE number = ?"
                    + " AND worker = ? AND state = 'RUNNING'")) {
                s.setLong(1, System.currentTimeMillis());
                s.setInt(2, number);
                s.setString(3, worker);
                s.executeUpdate();
            }
            return null;
        });
    }

    long startJob(int trial, String worker, int fromEpoch, int target) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO jobs (trial, worker, from_epoch, target,"
                + " started) VALUES (?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            s.setInt(1, trial);
            s.setString(2, worker);
            s.setInt(3, fromEpoch);
            s.setInt(4, target);
            s.setString(5, Instant.now().toString());
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                return keys.next() ? keys.getLong(1) : -1;
            }
        }
    }

    void endJob(long job, String outcome) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("UPDATE jobs SET ended = ?, outcome = ? WHERE id = ?")) {
            s.setString(1, Instant.now().toString());
            s.setString(2, outcome);
            s.setLong(3, job);
            s.executeUpdate();
        }
    }

    /** One row of the jobs table. */
    public record Job(long id, int trial, String worker, int fromEpoch, int target, String started, String ended,
                      String outcome) {
    }

    public synchronized List<Job> jobs() {
        List<Job> jobs = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet r = s.executeQuery("SELECT id, trial, worker, from_epoch, target, started, ended, outcome"
                     + " FROM jobs ORDER BY id")) {
            while (r.next()) {
                jobs.add(new Job(r.getLong(1), r.getInt(2), r.getString(3), r.getInt(4), r.getInt(5), r.getString(6),
                        r.getString(7), r.getString(8)));
            }
            return jobs;
        } catch (SQLException e) {
            throw corrupt(file, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing: nothing left to save
        }
    }
}
