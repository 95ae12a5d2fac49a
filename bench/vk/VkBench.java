import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.tonearm.vk.web.FakeMobileVk;

/**
 * Benchmarks the thatmusic face against the local fake m.vk.com: /dl throughput (cold and cached) next to a direct
 * download from the fake, the server's RSS while 50 clients stream at once, and /search latency with a warm cache.
 * The server runs as its own process ({@code tonearm serve}) so its memory is measured alone; every download uses the
 * same client (HttpURLConnection), so the direct download is a fair baseline.
 */
public final class VkBench {
    static final int SIZE = 10 << 20;
    static final int ROUNDS = Integer.parseInt(System.getenv().getOrDefault("BENCH_ROUNDS", "15"));
    static final int WARMUP = Integer.parseInt(System.getenv().getOrDefault("BENCH_WARMUP", "30"));
    static final int UPSTREAM = 40 << 20;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        String classpath = args[0];
        Path work = Files.createTempDirectory("vkbench");
        byte[] file = new byte[SIZE];
        new Random(1).nextBytes(file);
        try (FakeMobileVk vk = new FakeMobileVk()) {
            vk.addAccount("bench@example.org", "pw", FakeMobileVk.SecondFactor.NONE, 1234567L);
            List<FakeMobileVk.Track> tracks = new ArrayList<>();
            for (int i = 0; i < ROUNDS + 1 + WARMUP + 3; i++) {
                tracks.add(vk.addMp3("Bench", "Ten MB " + i, 600, file));
            }
            int port = 18000 + new Random().nextInt(20000);
            Files.writeString(work.resolve("tonearm.properties"), "vk.accounts=bench@example.org:pw\nvk.web.base-url=" + vk.baseUrl()
                + "\nhttp.host=127.0.0.1\nhttp.port=" + port + "\nthatmusic.file-cache-mb=4096\ncatalog.demo-tracks=0\n");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
            String extra = System.getenv("BENCH_SERVER_JVM_OPTS");
            if (extra != null && !extra.isBlank()) {
                command.addAll(Arrays.asList(extra.trim().split("\\s+")));
            }
            command.addAll(List.of("-cp", classpath, "org.tonearm.cli.Main", "serve", "--data", work.toString()));
            Process server = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(work.resolve("server.log").toFile()).start();
            try {
                String base = "http://127.0.0.1:" + port;
                waitUp(base);
                get(base + "/_auth/");
                String[] links = new String[tracks.size()];
                // VK pages search results by 20; results come in the order the tracks were added
                for (int page = 0, i = 0; i < tracks.size(); page++) {
                    String body = new String(get(base + "/search?q=bench&page=" + page));
                    for (int at = body.indexOf("\"download\":\""); at >= 0 && i < tracks.size(); at = body.indexOf("\"download\":\"", at + 1)) {
                        int from = at + 12;
                        links[i++] = body.substring(from, body.indexOf('"', from));
                    }
                }
                // enough warm-up that the JIT has compiled every path (per-chunk code runs only ~40 times per file)
                try (Relay relay = new Relay(work.resolve("relay.part"))) {
                    for (int i = 0; i < WARMUP; i++) {
                        download(vk.realUrl(tracks.get(0)));
                        download(relay.url(vk.realUrl(tracks.get(0))));
                        download(links[ROUNDS + 1 + i]);
                        download(links[ROUNDS + 1 + i]);
                    }
                    // each round measures the baseline next to what it is compared with, so load swings hit both alike
                    double[] direct = new double[ROUNDS];
                    double[] cold = new double[ROUNDS];
                    double[] ideal = new double[ROUNDS];
                    double[] direct2 = new double[ROUNDS];
                    double[] cached = new double[ROUNDS];
                    double[] coldRatio = new double[ROUNDS];
                    double[] idealRatio = new double[ROUNDS];
                    double[] cachedRatio = new double[ROUNDS];
                    long[] cpu = new long[5];
                    long self = ProcessHandle.current().pid();
                    for (int i = 0; i < ROUNDS; i++) {
                        long b0 = cpuMs(self);
                        direct[i] = download(vk.realUrl(tracks.get(i)));
                        long s1 = cpuMs(server.pid());
                        long b1 = cpuMs(self);
                        cold[i] = download(links[i]);
                        cpu[0] += b1 - b0;
                        cpu[1] += cpuMs(server.pid()) - s1;
                        cpu[2] += cpuMs(self) - b1;
                        ideal[i] = download(relay.url(vk.realUrl(tracks.get(i))));
                        coldRatio[i] = cold[i] / direct[i];
                        idealRatio[i] = ideal[i] / direct[i];
                    }
                    for (int i = 0; i < ROUNDS; i++) {
                        direct2[i] = download(vk.realUrl(tracks.get(i)));
                        long s0 = cpuMs(server.pid());
                        long b0 = cpuMs(self);
                        cached[i] = download(links[i]);
                        cpu[3] += cpuMs(server.pid()) - s0;
                        cpu[4] += cpuMs(self) - b0;
                        cachedRatio[i] = cached[i] / direct2[i];
                    }
                    System.out.printf("10 MB file, MB/s, median of %d rounds (ratio: median of the per-round ratios to the direct"
                        + " download measured just before)%n", ROUNDS);
                    System.out.printf("  direct from fake VK : %8.1f (baseline)%n", median(direct));
                    System.out.printf("  /dl cold            : %8.1f  = %3.0f%% of direct (target >= 80%%)%n", median(cold), 100 * median(coldRatio));
                    System.out.printf("  ideal caching relay : %8.1f  = %3.0f%% of direct (the most any server that writes the file can get here)%n",
                        median(ideal), 100 * median(idealRatio));
                    System.out.printf("  /dl cached          : %8.1f  = %3.0f%% of direct (target >= 95%%; direct %.1f in these rounds)%n",
                        median(cached), 100 * median(cachedRatio), median(direct2));
                    System.out.printf("  CPU per 10 MB (ms): direct: fake+client %.1f; cold: server %.1f + fake+client %.1f;"
                        + " cached: server %.1f + client %.1f%n", cpu[0] / (double) ROUNDS, cpu[1] / (double) ROUNDS,
                        cpu[2] / (double) ROUNDS, cpu[3] / (double) ROUNDS, cpu[4] / (double) ROUNDS);
                }

                vk.throttle(UPSTREAM);
                double[] slowDirect = new double[3];
                double[] slowCold = new double[3];
                for (int i = 0; i < 3; i++) {
                    slowDirect[i] = download(vk.realUrl(tracks.get(ROUNDS + 1 + i)));
                    slowCold[i] = download(links[ROUNDS + 1 + WARMUP + i]);
                }
                vk.throttle(-1);
                double sd = median(slowDirect);
                double sc = median(slowCold);
                System.out.printf("with the fake's upload limited to %d MB/s (a real VK audio host is slower still):%n", UPSTREAM >> 20);
                System.out.printf("  direct from fake VK : %8.1f (baseline)%n", sd);
                System.out.printf("  /dl cold            : %8.1f  = %3.0f%% of direct%n", sc, 100 * sc / sd);

                long idle = rssKb(server.pid(), "RssAnon:");
                long idleFile = rssKb(server.pid(), "RssFile:");
                AtomicBoolean done = new AtomicBoolean();
                AtomicLong peak = new AtomicLong(idle);
                AtomicLong peakFile = new AtomicLong(idleFile);
                Thread sampler = Thread.ofPlatform().start(() -> {
                    while (!done.get()) {
                        peak.accumulateAndGet(rssKb(server.pid(), "RssAnon:"), Math::max);
                        peakFile.accumulateAndGet(rssKb(server.pid(), "RssFile:"), Math::max);
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                String coldLink = links[ROUNDS];
                long t0 = System.nanoTime();
                try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                    List<Future<Double>> all = new ArrayList<>();
                    for (int i = 0; i < 50; i++) {
                        String link = i % 2 == 0 ? coldLink.replace("/dl/", "/stream/") : links[i % ROUNDS];
                        all.add(pool.submit(() -> download(link)));
                    }
                    for (Future<Double> f : all) {
                        f.get();
                    }
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                done.set(true);
                sampler.join();
                System.out.printf("50 clients streaming 10 MB at once (25 on one cold file, 25 cached): %.1f s, %d MB total%n",
                    seconds, 50L * SIZE >> 20);
                System.out.printf("  server private memory (RssAnon: heap, stacks, buffers) idle %d MB, peak while streaming %d MB"
                    + " (+%d MB for 500 MB streamed)%n", idle >> 10, peak.get() >> 10, (peak.get() - idle) >> 10);
                System.out.printf("  file pages the server maps (RssFile: jars and libraries, shared and reclaimable) idle %d MB, peak %d MB%n",
                    idleFile >> 10, peakFile.get() >> 10);
                System.out.printf("  fake VK served the cold file %d time(s)%n", vk.downloads(tracks.get(ROUNDS)));

                long[] lat = new long[300];
                for (int i = 0; i < 20; i++) {
                    get(base + "/search?q=bench&page=0");
                }
                for (int i = 0; i < lat.length; i++) {
                    long s = System.nanoTime();
                    get(base + "/search?q=bench&page=0");
                    lat[i] = System.nanoTime() - s;
                }
                Arrays.sort(lat);
                System.out.printf("/search warm cache, %d requests: median %.2f ms, p99 %.2f ms (VK searched %d time(s))%n", lat.length,
                    lat[lat.length / 2] / 1e6, lat[lat.length * 99 / 100] / 1e6, vk.searchesBy("bench@example.org"));
            } finally {
                server.destroy();
                server.waitFor();
            }
        } finally {
            // the cache holds half a gigabyte of benchmark files; the server log goes with it
            try (java.util.stream.Stream<Path> all = Files.walk(work)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * The least work any server that caches the file must do, as a yardstick for the cold case: one thread per download
     * passes the request to the fake and each chunk of the answer, in one direct buffer, to a file and to the client
     * (no HTTP handling past the request line, no copy in user space).
     */
    static final class Relay implements AutoCloseable {
        private final ServerSocketChannel socket;
        private final Path file;
        private final Thread acceptor;

        Relay(Path file) throws IOException {
            this.file = file;
            socket = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            acceptor = Thread.ofPlatform().daemon().start(() -> {
                ByteBuffer buf = ByteBuffer.allocateDirect(256 * 1024);
                while (socket.isOpen()) {
                    try (SocketChannel client = socket.accept()) {
                        relay(client, buf);
                    } catch (IOException e) {
                        if (socket.isOpen()) {
                            e.printStackTrace();
                        }
                    }
                }
            });
        }

        String url(String upstream) {
            URI u = URI.create(upstream);
            return "http://127.0.0.1:" + socket.socket().getLocalPort() + u.getRawPath() + "?" + u.getRawQuery() + "&port=" + u.getPort();
        }

        private void relay(SocketChannel client, ByteBuffer buf) throws IOException {
            buf.clear();
            String request = "";
            while (!request.contains("\r\n\r\n") && client.read(buf) > 0) {
                request = StandardCharsets.ISO_8859_1.decode(buf.duplicate().flip()).toString();
            }
            String target = request.substring(4, request.indexOf(' ', 4));
            int port = Integer.parseInt(target.substring(target.lastIndexOf("&port=") + 6));
            target = target.substring(0, target.lastIndexOf("&port="));
            try (SocketChannel up = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                 FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                up.write(StandardCharsets.ISO_8859_1.encode("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nConnection: close\r\n\r\n"));
                long pos = 0;
                for (buf.clear(); up.read(buf) >= 0; buf.clear()) {
                    buf.flip();
                    pos += out.write(buf.duplicate(), pos);
                    while (buf.hasRemaining()) {
                        client.write(buf);
                    }
                }
            }
            Files.delete(file);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static void waitUp(String base) throws Exception {
        for (int i = 0; i < 300; i++) {
            try {
                get(base + "/health");
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("server did not start");
    }

    static byte[] get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    /** Downloads and returns MB/s. */
    static double download(String url) throws Exception {
        long s = System.nanoTime();
        java.net.HttpURLConnection c = (java.net.HttpURLConnection) URI.create(url).toURL().openConnection();
        long n = 0;
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = c.getInputStream()) {
            for (int r; (r = in.read(buf)) > 0; ) {
                n += r;
            }
        }
        if (c.getResponseCode() != 200 || n != SIZE) {
            throw new IllegalStateException(url + ": HTTP " + c.getResponseCode() + ", " + n + " bytes");
        }
        return n / 1048576.0 / ((System.nanoTime() - s) / 1e9);
    }

    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    /** utime + stime of a process, from /proc (clock ticks of 10 ms). */
    static long cpuMs(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
        } catch (Exception e) {
            return 0;
        }
    }

    static long rssKb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            return 0;
        }
        return 0;
    }
}
