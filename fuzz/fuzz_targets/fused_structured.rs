#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    sgl_oracle::fuzz_entry::fused_structured(data);
});
