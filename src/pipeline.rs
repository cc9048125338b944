//! The parallel pipeline: read → analyse → extract, over many inputs, with
//! results handed back in input order and memory bounded by a small window
//! of documents (not the whole corpus).

use crate::document::Document;
use crate::error::{Error, Result};
use crate::extract::{Extraction, Options, extract_with};
use crate::source::{Input, Opened, read_input};

/// Read, analyse and extract one input.
///
/// # Errors
/// Whatever reading the input gives (missing, empty, binary, undecodable,
/// unsupported format).
///
/// A panic while analysing one document (a bug) is caught and reported as
/// [`Error::Internal`] for that input, so one bad file never costs the run.
pub fn process(input: &Input) -> Result<(Document, Extraction)> {
    process_with(input, Options { rejections: true })
}

/// [`process`] with the extraction [`Options`] given (`taizhang extract`
/// asks for the rejected candidates only with `--explain`).
///
/// # Errors
/// As [`process`].
pub fn process_with(input: &Input, options: Options) -> Result<(Document, Extraction)> {
    let src = read_input(input)?;
    let name = src.name.clone();
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let doc = Document::analyze(src.name, src.text);
        let ex = extract_with(&doc, options);
        (doc, ex)
    }))
    .map_err(|p| internal(&name, p))
}

/// An input read: analysed whole, or, when large, ready to be read in parts.
pub enum Analysed {
    /// The input analysed and extracted whole.
    Whole(Document, Extraction),
    /// An input of more than [`crate::parts::PART_ABOVE`] bytes of text, not
    /// analysed yet: iterate to analyse and extract it a part at a time.
    Parts(crate::parts::Parts),
}

/// [`process_with`], but an input with more than `above` bytes of text (the
/// CLI passes [`crate::parts::PART_ABOVE`]) is only read: it comes back as
/// [`Analysed::Parts`], so that the caller hands on each part's
/// requirements before the next part is analysed. Such an input in UTF-8
/// plain text is not even read into memory: its parts are read from disk
/// as they are analysed ([`crate::source::open_input`]).
///
/// # Errors
/// As [`process`].
pub fn process_or_parts(input: &Input, options: Options, above: usize) -> Result<Analysed> {
    let src = match crate::source::open_input(input, above, false)? {
        Opened::Streamed(f) => return Ok(Analysed::Parts(crate::parts::Parts::streamed(f, options))),
        Opened::Held(src) => src,
    };
    if crate::parts::reads_in_parts(&src.text, above) {
        return Ok(Analysed::Parts(crate::parts::Parts::new(src.name, src.text, options)));
    }
    let name = src.name.clone();
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let doc = Document::analyze(src.name, src.text);
        let ex = extract_with(&doc, options);
        Analysed::Whole(doc, ex)
    }))
    .map_err(|p| internal(&name, p))
}

/// Analyse and extract a text already in memory, named `name` (the `doc`
/// field of its requirements): the route of `extract --stdin-jsonl` and of
/// the Python package. The same text gives the same requirements as
/// [`process`] on a UTF-8 file holding it. `year`, when given, replaces the
/// year inferred from the text (deadlines such as 年底前 resolve with it).
/// A leading byte-order mark is not part of the text.
///
/// # Errors
/// [`Error::Empty`] when the text is empty or only white space;
/// [`Error::Internal`] when analysing it panicked (a bug).
pub fn process_text(name: &str, text: &str, year: Option<i32>, options: Options) -> Result<(Document, Extraction)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Error::Empty { path: name.into() });
    }
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let doc = match year {
            None => Document::analyze(name, text),
            Some(y) => {
                let norm = crate::normalize::Normalized::new(text);
                let seg = crate::segment::segment(norm.text());
                let mut meta = crate::meta::infer(norm.text(), &seg);
                meta.year = Some(y);
                Document::assemble(name, text.to_string(), norm, seg, meta)
            }
        };
        let ex = extract_with(&doc, options);
        (doc, ex)
    }))
    .map_err(|p| internal(name, p))
}

pub(crate) fn internal(name: &str, p: Box<dyn std::any::Any + Send>) -> Error {
    Error::Internal {
        path: name.into(),
        message: p
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "panic".into()),
    }
}

/// The most worker threads a run may ask for: far more than any machine
/// has cores, and few enough to start at once (`--threads 1000000` would
/// spend minutes starting threads, then run out of memory).
pub const MAX_THREADS: usize = 1024;

/// Build a thread pool of `threads` workers (0 = all cores).
///
/// # Errors
/// `Error::Usage` when `threads` is above [`MAX_THREADS`] or the pool
/// cannot be built.
pub fn pool(threads: usize) -> Result<rayon::ThreadPool> {
    if threads > MAX_THREADS {
        return Err(Error::Usage(format!("--threads {threads} is too many: at most {MAX_THREADS} (0 = one per core)")));
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {threads} threads: {e}")))
}

/// Run `work` over `inputs` on `pool`, handing each result to `sink` in
/// input order, on the calling thread. At most `window` results are held at
/// once (done but not yet handed on).
///
/// The calling thread only hands results on while the pool's threads go on
/// with the next inputs: a sink that writes output (the CLI's) overlaps the
/// work instead of stopping it, and one slow document holds the others back
/// only once the window is full. A panic in `work` or `sink` stops the run
/// (no new input is started) and is propagated here once the threads are idle.
pub fn run_ordered<T, W, S>(pool: &rayon::ThreadPool, inputs: &[Input], window: usize, work: W, sink: S)
where
    T: Send,
    W: Fn(&Input) -> T + Sync,
    S: FnMut(&Input, T),
{
    run_ordered_pieces(pool, inputs, window, |input, emit| emit(work(input)), sink);
}

/// How many pieces of an input's result may wait for the inputs before it
/// to be handed on; its thread pauses when they are this many.
pub const PIECES_AHEAD: usize = 4;

/// [`run_ordered`] for work whose result comes in pieces: `work` calls
/// `emit` with each piece of its input's result (a large input read in
/// parts gives one a part), and `sink` gets every piece on the calling
/// thread, in input order and, within an input, in the order emitted.
///
/// The pieces of the input being handed on pass as they are made; those of
/// a later input wait in a queue of at most [`PIECES_AHEAD`], its thread
/// pausing when the queue is full. So several large inputs are read at once,
/// on all the threads, and memory holds at most `window` inputs' queues.
/// Panics as in [`run_ordered`].
///
/// The inputs are any items the threads can share: files to read
/// ([`Input`]), or the records of `extract --stdin-paths`.
pub fn run_ordered_pieces<I, T, W, S>(pool: &rayon::ThreadPool, inputs: &[I], window: usize, work: W, mut sink: S)
where
    I: Sync,
    T: Send,
    W: Fn(&I, &mut dyn FnMut(T)) + Sync,
    S: FnMut(&I, T),
{
    use std::collections::VecDeque;
    use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
    use std::sync::mpsc::{Receiver, channel, sync_channel};
    if inputs.is_empty() {
        return;
    }
    if pool.current_thread_index().is_some() {
        // Called from one of the pool's own threads, which must not wait on
        // the others: a window at a time, in place.
        use rayon::prelude::*;
        for chunk in inputs.chunks(window.max(1)) {
            let results: Vec<Vec<T>> = pool.install(|| {
                chunk
                    .par_iter()
                    .map(|input| {
                        let mut pieces = Vec::new();
                        work(input, &mut |t| pieces.push(t));
                        pieces
                    })
                    .collect()
            });
            for (input, pieces) in chunk.iter().zip(results) {
                for t in pieces {
                    sink(input, t);
                }
            }
        }
        return;
    }
    /// A piece of an input's result, or the panic that ended it.
    enum Piece<T> {
        Item(T),
        Panic(Box<dyn std::any::Any + Send>),
    }
    let gate = Gate::new(window.max(1), inputs.len());
    pool.in_place_scope(|scope| {
        // Whatever way this closure ends (a panic in `sink` too), the threads
        // are told to start nothing more, and the queues they fill are
        // dropped with it, so the scope's wait ends.
        let _stop = StopOnDrop(&gate);
        // Each input started: its index and the queue of its pieces.
        let (tx, rx) = channel::<(usize, Receiver<Piece<T>>)>();
        for _ in 0..pool.current_num_threads().min(inputs.len()) {
            let (tx, gate, work) = (tx.clone(), &gate, &work);
            scope.spawn(move |_| {
                while let Some(i) = gate.take() {
                    let (ptx, prx) = sync_channel(PIECES_AHEAD);
                    if tx.send((i, prx)).is_err() {
                        break;
                    }
                    // (A piece that cannot be sent: the run stopped.)
                    let r =
                        catch_unwind(AssertUnwindSafe(|| work(&inputs[i], &mut |t| drop(ptx.send(Piece::Item(t))))));
                    if let Err(p) = r {
                        let _ = ptx.send(Piece::Panic(p));
                        break;
                    }
                }
            });
        }
        drop(tx);
        // Queues of inputs started before their turn, by index - next.
        let mut early: VecDeque<Option<Receiver<Piece<T>>>> = VecDeque::new();
        let mut next = 0;
        while next < inputs.len() {
            if early.front().is_none_or(Option::is_none) {
                let Ok((i, q)) = rx.recv() else { break };
                let k = i - next;
                if early.len() <= k {
                    early.resize_with(k + 1, || None);
                }
                early[k] = Some(q);
                continue;
            }
            if let Some(Some(q)) = early.pop_front() {
                // Until its thread is done with it.
                for piece in q.iter() {
                    match piece {
                        Piece::Item(t) => sink(&inputs[next], t),
                        Piece::Panic(p) => resume_unwind(p),
                    }
                }
            }
            next += 1;
            gate.handed_on(next);
        }
    });
}

/// Which input a thread of [`run_ordered`] takes next, and when it must
/// wait: input `i` is started only once fewer than `window` results are
/// ahead of the one handed on (`i < handed + window`).
struct Gate {
    state: std::sync::Mutex<GateState>,
    wake: std::sync::Condvar,
    window: usize,
    len: usize,
}

struct GateState {
    /// The next input to start.
    next: usize,
    /// How many results were handed on.
    handed: usize,
    /// Start nothing more.
    stop: bool,
}

impl Gate {
    fn new(window: usize, len: usize) -> Gate {
        let state = GateState { next: 0, handed: 0, stop: false };
        Gate { state: std::sync::Mutex::new(state), wake: std::sync::Condvar::new(), window, len }
    }

    /// The next input to start, waiting for room in the window; `None` when
    /// all are started or the run stops.
    fn take(&self) -> Option<usize> {
        let mut s = self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        loop {
            if s.stop || s.next >= self.len {
                return None;
            }
            if s.next < s.handed + self.window {
                s.next += 1;
                return Some(s.next - 1);
            }
            s = self.wake.wait(s).unwrap_or_else(std::sync::PoisonError::into_inner);
        }
    }

    /// `handed` results were handed on: room for as many new inputs.
    fn handed_on(&self, handed: usize) {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner).handed = handed;
        self.wake.notify_all();
    }

    fn stop(&self) {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner).stop = true;
        self.wake.notify_all();
    }
}

struct StopOnDrop<'a>(&'a Gate);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.stop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Options;

    const NO_REJECTIONS: Options = Options { rejections: false };

    #[test]
    fn a_text_in_memory_gives_what_its_file_gives() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/001_bd2d67b045b86009.txt");
        let name = path.display().to_string();
        let text = std::fs::read_to_string(&path).expect("corpus file");
        let (_, from_file) = process_with(&Input::Path(path), NO_REJECTIONS).expect("file");
        let (_, from_text) = process_text(&name, &text, None, NO_REJECTIONS).expect("text");
        assert!(from_file.requirements.len() > 10);
        assert_eq!(from_text.requirements, from_file.requirements);
        let with_bom = format!("\u{feff}{text}");
        let (_, bom) = process_text(&name, &with_bom, None, NO_REJECTIONS).expect("text with a BOM");
        assert_eq!(bom.requirements, from_file.requirements);
    }

    #[test]
    fn a_given_year_resolves_the_deadlines() {
        let text = "各单位要在年底前完成清理整改。";
        let (doc, ex) = process_text("a.txt", text, Some(2024), NO_REJECTIONS).expect("text");
        assert_eq!(doc.meta.year, Some(2024));
        let dates: Vec<_> = ex.requirements.iter().filter_map(|r| r.deadline.as_ref()?.date.clone()).collect();
        assert_eq!(dates, ["2024-12-31"]);
    }

    #[test]
    fn an_empty_text_is_an_error_naming_it() {
        let e = process_text("doc-7", " \n\t", None, NO_REJECTIONS).expect_err("empty");
        assert_eq!(e.to_string(), "doc-7: empty file");
    }

    fn inputs(n: usize) -> Vec<Input> {
        (0..n).map(|i| Input::Path(format!("{i}").into())).collect()
    }

    fn index(input: &Input) -> usize {
        input.name().parse().expect("a number")
    }

    #[test]
    fn run_ordered_hands_results_on_in_order_within_the_window() {
        use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
        let items = inputs(200);
        for threads in [1, 2, 3] {
            let p = pool(threads).expect("pool");
            let (started, handed, most) = (AtomicUsize::new(0), AtomicUsize::new(0), AtomicUsize::new(0));
            let work = |i: &Input| {
                let ahead = started.fetch_add(1, SeqCst) + 1 - handed.load(SeqCst);
                most.fetch_max(ahead, SeqCst);
                // Uneven work, so that later inputs often finish first.
                std::thread::sleep(std::time::Duration::from_micros(((index(i) * 7919) % 13) as u64 * 50));
                index(i) * 2
            };
            let mut got = Vec::new();
            run_ordered(&p, &items, 5, work, |input, r| {
                assert_eq!(r, index(input) * 2);
                got.push(r);
                handed.fetch_add(1, SeqCst);
            });
            assert_eq!(got, (0..200).map(|i| i * 2).collect::<Vec<_>>(), "{threads} threads");
            assert!(most.load(SeqCst) <= 5, "{} inputs ahead of the sink with a window of 5", most.load(SeqCst));
        }
    }

    #[test]
    fn run_ordered_propagates_a_panic_and_starts_nothing_more() {
        use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
        let items = inputs(1000);
        let p = pool(2).expect("pool");
        let started = AtomicUsize::new(0);
        let mut handed = Vec::new();
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let work = |i: &Input| {
                started.fetch_add(1, SeqCst);
                assert_ne!(index(i), 10, "input 10 is bad");
            };
            run_ordered(&p, &items, 4, work, |i, ()| handed.push(index(i)));
        }));
        assert!(r.is_err(), "the panic reaches the caller");
        assert_eq!(handed, (0..10).collect::<Vec<_>>(), "the inputs before it were handed on");
        assert!(started.load(SeqCst) < 20, "{} started", started.load(SeqCst));
        // A panicking sink stops the workers too (no hang), and the pool still works.
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            run_ordered(&p, &items, 4, index, |i, _| assert_ne!(index(i), 3, "sink fails"));
        }));
        assert!(r.is_err());
        let mut n = 0;
        run_ordered(&p, &items[..10], 4, index, |_, _| n += 1);
        assert_eq!(n, 10);
    }

    #[test]
    fn run_ordered_inside_its_own_pool_does_not_wait_on_itself() {
        let p = pool(1).expect("pool");
        let items = inputs(20);
        let got = p.install(|| {
            let mut got = Vec::new();
            run_ordered(&p, &items, 3, index, |_, r| got.push(r));
            got
        });
        assert_eq!(got, (0..20).collect::<Vec<_>>());
    }

    #[test]
    fn pieces_are_handed_on_in_order_and_few_wait() {
        use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
        let items = inputs(60);
        let expected: Vec<(usize, usize)> = (0..60).flat_map(|i| (0..i % 7 * 3 + 1).map(move |k| (i, k))).collect();
        for threads in [1, 2, 3] {
            let p = pool(threads).expect("pool");
            // Pieces emitted and not yet handed on, and the most at once.
            let (waiting, most) = (AtomicUsize::new(0), AtomicUsize::new(0));
            let work = |input: &Input, emit: &mut dyn FnMut((usize, usize))| {
                let i = index(input);
                for k in 0..i % 7 * 3 + 1 {
                    most.fetch_max(waiting.fetch_add(1, SeqCst) + 1, SeqCst);
                    emit((i, k));
                }
            };
            let mut got = Vec::new();
            run_ordered_pieces(&p, &items, 8, work, |input, piece| {
                assert_eq!(index(input), piece.0);
                waiting.fetch_sub(1, SeqCst);
                got.push(piece);
            });
            assert_eq!(got, expected, "{threads} threads");
            // Each input of the window holds at most PIECES_AHEAD queued and
            // one being sent (all 60 inputs' pieces would be 600).
            assert!(most.load(SeqCst) <= 8 * (PIECES_AHEAD + 1), "{threads}: {}", most.load(SeqCst));
        }
    }

    #[test]
    fn a_panic_in_a_piece_stops_the_run_and_is_raised() {
        let p = pool(2).expect("pool");
        let items = inputs(40);
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            run_ordered_pieces(
                &p,
                &items,
                4,
                |input: &Input, emit: &mut dyn FnMut(usize)| {
                    emit(index(input));
                    assert!(index(input) != 9, "input 9");
                    emit(index(input));
                },
                |_, _| {},
            );
        }));
        let e = r.expect_err("the panic is raised");
        let message = e.downcast_ref::<String>().map(String::as_str).or_else(|| e.downcast_ref::<&str>().copied());
        assert_eq!(message, Some("input 9"));
    }
}
