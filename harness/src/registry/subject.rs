//! The function under test with its types erased: a [`Subject`] holds a
//! variant's input function, the function itself and how its outputs compare;
//! [`ErasedSubject`] is how the measurement stages see it, and an
//! [`Instance`] is one built input together with the function that runs on
//! it.
//!
//! `T` is the input type (the function takes `&T` or `&mut T`) and `O` its
//! output; an input is always built by index into the group's `args` (0
//! when the group has none), never by the written argument.

use std::any::Any;
use std::fmt;
use std::hint::black_box;
use std::time::{Duration, Instant};

use crate::limit::Armed;

/// The typed core of a variant: the input function and the function under test.
///
/// Generated code builds one in a `static` with [`Subject::new`].
pub struct Subject<T, O> {
    make: fn(usize) -> T,
    call: fn(&mut T) -> O,
    output_ops: fn() -> OutputOps<O>,
    count: Option<fn(&T) -> u64>,
}

impl<T, O> Subject<T, O> {
    /// `make(i)` builds the input for the `i`-th argument of `args` (index 0
    /// when the group has no `args`); `call` runs the function on it; `output_ops` tells
    /// how outputs compare (see [`OutputProbe`]).
    pub const fn new(
        make: fn(usize) -> T,
        call: fn(&mut T) -> O,
        output_ops: fn() -> OutputOps<O>,
    ) -> Self {
        Subject {
            make,
            call,
            output_ops,
            count: None,
        }
    }

    /// The same subject, with `count` telling how many bytes or elements
    /// one call processes of an input (`bytes = f`, `elements = f`).
    pub const fn counting(self, count: fn(&T) -> u64) -> Self {
        Subject {
            count: Some(count),
            ..self
        }
    }
}

/// A generic function measured once per type (`types = [...]`): one
/// [`Subject`] per type, and the inputs numbered type by type, `per_type`
/// (the number of `args`, or 1) for each.
pub struct PerType {
    subjects: &'static [&'static dyn ErasedSubject],
    per_type: usize,
}

impl PerType {
    /// The subjects, in the order of `types`, each with `per_type` inputs.
    pub const fn new(subjects: &'static [&'static dyn ErasedSubject], per_type: usize) -> Self {
        PerType { subjects, per_type }
    }
}

impl ErasedSubject for PerType {
    fn instantiate(&self, input_index: usize) -> Box<dyn Instance> {
        let per_type = self.per_type.max(1);
        self.subjects[input_index / per_type].instantiate(input_index % per_type)
    }
}

/// How a variant's outputs can be compared and shown: known when the output
/// type is `PartialEq + Debug`, absent otherwise.
pub struct OutputOps<O> {
    /// Equality, if the type has it.
    pub eq: Option<fn(&O, &O) -> bool>,
    /// Debug formatting, if the type has it.
    pub debug: Option<fn(&O) -> String>,
}

/// Autoref specialization probe: `(&&&OutputProbe::<O>::new()).output_ops()`
/// picks [`ViaPartialEq`] when `O: PartialEq + Debug` and [`Opaque`] otherwise,
/// decided in the generated code where `O` is concrete.
pub struct OutputProbe<O>(std::marker::PhantomData<fn() -> O>);

impl<O> OutputProbe<O> {
    /// A probe for `O`.
    pub const fn new() -> Self {
        OutputProbe(std::marker::PhantomData)
    }
}

impl<O> Default for OutputProbe<O> {
    fn default() -> Self {
        Self::new()
    }
}

/// Chosen for outputs that are `PartialEq + Debug`.
pub trait ViaPartialEq<O> {
    /// Equality and formatting through the type's own impls.
    fn output_ops(&self) -> OutputOps<O>;
}

impl<O: PartialEq + fmt::Debug> ViaPartialEq<O> for &&OutputProbe<O> {
    fn output_ops(&self) -> OutputOps<O> {
        OutputOps {
            eq: Some(|a, b| a == b),
            debug: Some(|o| format!("{o:?}")),
        }
    }
}

/// Chosen for all other outputs: they cannot be compared.
pub trait Opaque<O> {
    /// No equality, no formatting.
    fn output_ops(&self) -> OutputOps<O>;
}

impl<O> Opaque<O> for &OutputProbe<O> {
    fn output_ops(&self) -> OutputOps<O> {
        OutputOps {
            eq: None,
            debug: None,
        }
    }
}

/// A variant's function with its types erased, as the measurement stages see it.
pub trait ErasedSubject: Sync {
    /// Builds a fresh input for the `input_index`-th argument of `args`
    /// (setup: never measured).
    fn instantiate(&self, input_index: usize) -> Box<dyn Instance>;
}

/// One built input together with the function that runs on it. Every call
/// of user code (building the input included) runs under the per-call time
/// limit of `crate::limit`, when one is set.
pub trait Instance {
    /// Calls the function `iters` times and returns the elapsed wall time.
    /// Outputs are passed through [`black_box`] and dropped inside the loop,
    /// as criterion's `iter` does.
    fn run(&mut self, iters: u64) -> Duration;
    /// Calls the function once and returns its output, type-erased.
    fn call_once(&mut self) -> Box<dyn Any>;
    /// Runs `start`, calls the function once, runs `end` while the output is
    /// still alive, then drops the output. Nothing else allocates in between:
    /// this is what the heap pass profiles.
    fn call_between(&mut self, start: &mut dyn FnMut(), end: &mut dyn FnMut());
    /// Runs `start`, calls the function once and drops its output (as
    /// [`Instance::run`] does), then runs `end`: the region the instruction
    /// pass counts.
    fn call_within(&mut self, start: &mut dyn FnMut(), end: &mut dyn FnMut());
    /// Compares two outputs of this variant's output type: `None` when the
    /// type is not `PartialEq + Debug` (or the outputs are of another type),
    /// otherwise whether they are equal.
    fn outputs_equal(&self, a: &dyn Any, b: &dyn Any) -> Option<bool>;
    /// `Debug` of an output, if the type has it.
    fn output_debug(&self, o: &dyn Any) -> Option<String>;
    /// The name of the output type, for messages.
    fn output_type_name(&self) -> &'static str;
    /// How many bytes or elements one call processes of this input
    /// (`bytes = f`, `elements = f`), if the variant says.
    fn processed(&self) -> Option<u64>;
}

impl<T: 'static, O: 'static> ErasedSubject for Subject<T, O> {
    fn instantiate(&self, input_index: usize) -> Box<dyn Instance> {
        let armed = Armed::calls(1);
        let input = (self.make)(input_index);
        drop(armed);
        Box::new(TypedInstance {
            input,
            call: self.call,
            ops: (self.output_ops)(),
            count: self.count,
        })
    }
}

struct TypedInstance<T, O> {
    input: T,
    call: fn(&mut T) -> O,
    ops: OutputOps<O>,
    count: Option<fn(&T) -> u64>,
}

impl<T, O: 'static> Instance for TypedInstance<T, O> {
    #[inline(never)]
    fn run(&mut self, iters: u64) -> Duration {
        let call = self.call;
        let input = &mut self.input;
        let _armed = Armed::calls(iters);
        let start = Instant::now();
        for _ in 0..iters {
            black_box(call(black_box(&mut *input)));
        }
        start.elapsed()
    }

    fn call_once(&mut self) -> Box<dyn Any> {
        let _armed = Armed::calls(1);
        Box::new((self.call)(&mut self.input))
    }

    fn call_between(&mut self, start: &mut dyn FnMut(), end: &mut dyn FnMut()) {
        let armed = Armed::calls(1);
        start();
        let output = black_box((self.call)(black_box(&mut self.input)));
        end();
        drop(armed);
        drop(output);
    }

    #[inline(never)]
    fn call_within(&mut self, start: &mut dyn FnMut(), end: &mut dyn FnMut()) {
        let call = self.call;
        let input = &mut self.input;
        let armed = Armed::calls(1);
        start();
        black_box(call(black_box(&mut *input)));
        end();
        drop(armed);
    }

    fn outputs_equal(&self, a: &dyn Any, b: &dyn Any) -> Option<bool> {
        let eq = self.ops.eq?;
        Some(eq(a.downcast_ref::<O>()?, b.downcast_ref::<O>()?))
    }

    fn output_debug(&self, o: &dyn Any) -> Option<String> {
        let debug = self.ops.debug?;
        Some(debug(o.downcast_ref::<O>()?))
    }

    fn output_type_name(&self) -> &'static str {
        std::any::type_name::<O>()
    }

    fn processed(&self) -> Option<u64> {
        let count = self.count?;
        let _armed = Armed::calls(1);
        Some(count(&self.input))
    }
}
